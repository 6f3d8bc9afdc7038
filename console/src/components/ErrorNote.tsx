/** The API's own message, shown where the action was taken; `role=alert` reads it out. */
export function ErrorNote ({ error }: { error: unknown }) {
  if (error == null) {
    return null
  }
  return <p class='error' role='alert'>{error instanceof Error ? error.message : JSON.stringify(error)}</p>
}
