import { useCallback, useEffect, useState } from 'preact/hooks'

export interface Loaded<T> {
  data: T | undefined
  error: unknown
  loading: boolean
  reload: () => void
}

/** Runs `load` on mount and on `reload()`; an answer that arrives after a newer call started is dropped. */
export function useLoad<T> (load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T, error?: unknown, loading: boolean }>({ loading: true })
  const [tick, setTick] = useState(0)
  const run = useCallback(load, deps)
  useEffect(() => {
    let current = true
    setState(s => ({ ...s, loading: true }))
    run().then(
      data => { if (current) setState({ data, loading: false }) },
      (error: unknown) => { if (current) setState(s => ({ ...s, error, loading: false })) }
    )
    return () => { current = false }
  }, [run, tick])
  return { data: state.data, error: state.error, loading: state.loading, reload: () => { setTick(t => t + 1) } }
}
