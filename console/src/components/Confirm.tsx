import { useEffect, useRef } from 'preact/hooks'

interface Props {
  /** Shown while set; the dialog closes itself when cleared. */
  open: boolean
  title: string
  message: string
  confirmLabel: string
  onConfirm: () => void
  onCancel: () => void
}

/** A modal `<dialog>`: focus moves into it, Escape cancels, the page behind is inert. */
export function Confirm ({ open, title, message, confirmLabel, onConfirm, onCancel }: Props) {
  const ref = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const dialog = ref.current
    if (dialog == null) {
      return
    }
    if (open && !dialog.open) {
      dialog.showModal()
    } else if (!open && dialog.open) {
      dialog.close()
    }
  }, [open])
  return (
    <dialog ref={ref} aria-labelledby='confirm-title' onCancel={(e) => { e.preventDefault(); onCancel() }}>
      <h2 id='confirm-title'>{title}</h2>
      <p>{message}</p>
      <div class='actions'>
        <button type='button' onClick={onCancel}>Cancel</button>
        <button type='button' class='danger' onClick={onConfirm}>{confirmLabel}</button>
      </div>
    </dialog>
  )
}
