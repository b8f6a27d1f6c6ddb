import { createServer } from "node:net"

/** Finds a free TCP port on the loopback interface. */
export const freePort = (): Promise<number> =>
  new Promise((resolvePort, reject) => {
    const server = createServer()
    server.unref()
    server.on("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      server.close(() => resolvePort(port))
    })
  })

/** Polls `url` until it answers (any HTTP status) or `timeoutMs` passes. */
export const waitForHttp = async (url: string, timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      await fetch(url)
      return
    } catch (cause) {
      if (Date.now() > deadline) throw new Error(`Server at ${url} did not answer within ${timeoutMs} ms`, { cause })
      await new Promise((r) => setTimeout(r, 200))
    }
  }
}
