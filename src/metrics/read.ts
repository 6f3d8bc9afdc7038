import type { Registry } from 'prom-client'

/** The sum of a metric's series whose `label` matches `pattern` (0 when none does). */
export async function seriesSum (registry: Registry, name: string, label: string, pattern: RegExp): Promise<number> {
  const metric = registry.getSingleMetric(name)
  if (metric == null) {
    return 0
  }
  const { values } = await metric.get()
  return values.filter(v => pattern.test(String((v.labels as Record<string, unknown>)[label]))).reduce((sum, v) => sum + v.value, 0)
}

/**
 * The current value of one series in the registry (0 when absent): how
 * Kubo's `stats/*` answers read the same figures Prometheus scrapes, so the
 * two never disagree. Reading runs the metric's collect step, as a scrape does.
 */
export async function seriesValue (registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = registry.getSingleMetric(name)
  if (metric == null) {
    return 0
  }
  const { values } = await metric.get()
  const wanted = Object.entries(labels)
  const match = values.find(v => wanted.every(([key, value]) => String((v.labels as Record<string, unknown>)[key]) === value))
  return match?.value ?? 0
}
