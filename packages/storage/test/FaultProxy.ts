/**
 * A small HTTP proxy between an S3 client and the S3 server that injects faults: 500s, 503
 * SlowDown, connection resets, added latency and truncated response bodies. `decide` picks the
 * fault of each request from its method, path and sequence number.
 */
import { createServer, request } from "node:http"
import type { IncomingMessage, ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"

/** What the proxy does to one request. */
export type Fault = "pass" | "internalError" | "slowDown" | "reset" | "latency" | "truncate"

/** Delay added by the `latency` fault. */
export const ADDED_LATENCY_MS = 150

/** A running proxy. */
export interface FaultProxy {
  /** `http://127.0.0.1:<port>`, to use as the client's endpoint. */
  readonly endpoint: string
  /** Faults injected so far, by kind. */
  readonly injected: Record<Fault, number>
  /** Stops the proxy. */
  readonly stop: () => Promise<void>
}

const errorBody = (code: string, message: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`

/** Starts the proxy in front of `target` (e.g. moto's endpoint). */
export const startFaultProxy = async (target: string, decide: (request: { readonly method: string; readonly path: string; readonly sequence: number }) => Fault): Promise<FaultProxy> => {
  const upstream = new URL(target)
  const injected: Record<Fault, number> = { pass: 0, internalError: 0, slowDown: 0, reset: 0, latency: 0, truncate: 0 }
  let sequence = 0
  const forward = (incoming: IncomingMessage, outgoing: ServerResponse, truncate: boolean) => {
    const proxied = request(
      { host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
      (response) => {
        outgoing.writeHead(response.statusCode ?? 502, response.headers)
        if (!truncate) {
          response.pipe(outgoing)
          return
        }
        const chunks: Array<Buffer> = []
        response.on("data", (chunk: Buffer) => chunks.push(chunk))
        response.on("end", () => {
          const body = Buffer.concat(chunks)
          outgoing.write(body.subarray(0, Math.floor(body.length / 2)))
          outgoing.socket?.destroy()
        })
      }
    )
    proxied.on("error", () => outgoing.socket?.destroy())
    incoming.pipe(proxied)
  }
  const reject = (incoming: IncomingMessage, outgoing: ServerResponse, status: number, code: string) => {
    incoming.resume()
    incoming.on("end", () => {
      outgoing.writeHead(status, { "content-type": "application/xml" })
      outgoing.end(errorBody(code, "injected by the fault proxy"))
    })
  }
  const server = createServer((incoming, outgoing) => {
    sequence += 1
    const fault = decide({ method: incoming.method ?? "GET", path: incoming.url ?? "/", sequence })
    injected[fault] += 1
    switch (fault) {
      case "internalError":
        return reject(incoming, outgoing, 500, "InternalError")
      case "slowDown":
        return reject(incoming, outgoing, 503, "SlowDown")
      case "reset":
        incoming.socket.destroy()
        return
      case "latency":
        setTimeout(() => forward(incoming, outgoing, false), ADDED_LATENCY_MS)
        return
      case "truncate":
        return forward(incoming, outgoing, true)
      case "pass":
        return forward(incoming, outgoing, false)
    }
  })
  await new Promise<void>((resolveListen) => server.listen(0, "127.0.0.1", resolveListen))
  const port = (server.address() as AddressInfo).port
  return {
    endpoint: `http://127.0.0.1:${port}`,
    injected,
    stop: () =>
      new Promise((resolveStop) => {
        server.closeAllConnections()
        server.close(() => resolveStop())
      })
  }
}
