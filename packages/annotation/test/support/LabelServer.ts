/**
 * A local labeling server for tests and benchmarks, speaking both protocols (generic HTTP JSON
 * and OpenAI chat completions), charging per document, and injecting faults on request.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"

/** What the server does with one request. */
export type Behavior =
  | { readonly kind: "answer" }
  | { readonly kind: "status"; readonly status: number; readonly retryAfter?: string; readonly body?: string }
  | { readonly kind: "hang" }
  | { readonly kind: "garbage" }
  | { readonly kind: "wrong-label" }
  | { readonly kind: "partial" }
  | { readonly kind: "extra-id" }

/** Server options. */
export interface LabelServerOptions {
  /** Milliseconds to wait before answering. */
  readonly latencyMs?: number
  /** Price per document in micro-dollars (generic protocol). */
  readonly microsPerDocument?: number
  /** Chooses a behavior per request (number = 0-based request index); default: answer. */
  readonly behave?: (index: number, path: string) => Behavior
  /** Expected API key; requests without it get 401 with the key they sent echoed back. */
  readonly apiKey?: string
}

/** A running server. */
export interface LabelServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string
  /** Charges per document id (documents answered with 2xx and billed). */
  readonly charges: Map<string, number>
  /** Requests received. */
  readonly requests: () => number
  /** Micro-dollars billed in total. */
  readonly billedMicros: () => number
  /** Request bodies received (parsed JSON). */
  readonly bodies: Array<unknown>
  /** Header values received. */
  readonly headers: Array<IncomingMessage["headers"]>
  /** Stops the server, dropping hanging requests. */
  readonly close: () => Promise<void>
}

/** The label the server answers for a text: the first label named in the text, else the first label. */
export const expectedLabel = (text: string, labels: ReadonlyArray<string>): string =>
  labels.find((label) => text.includes(label)) ?? labels[0]!

/** Prompt and completion tokens the fake chat server bills: bytes / 4 and 10 per document. */
export const chatUsage = (bodyBytes: number, documents: number) => ({
  prompt_tokens: Math.ceil(bodyBytes / 4),
  completion_tokens: 10 * documents
})

const readBody = (request: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    request.on("data", (chunk: Buffer) => chunks.push(chunk))
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
    request.on("error", reject)
  })

/** Starts a server on a free loopback port. */
export const startLabelServer = async (options: LabelServerOptions = {}): Promise<LabelServer> => {
  const charges = new Map<string, number>()
  const bodies: Array<unknown> = []
  const headers: Array<IncomingMessage["headers"]> = []
  let requests = 0
  let billed = 0
  const price = options.microsPerDocument ?? 1000
  const charge = (ids: ReadonlyArray<string>, micros: number) => {
    for (const id of ids) charges.set(id, (charges.get(id) ?? 0) + 1)
    billed += micros
  }

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const index = requests++
    const raw = await readBody(request)
    headers.push(request.headers)
    const path = request.url ?? ""
    const behavior = options.behave?.(index, path) ?? { kind: "answer" }
    if (behavior.kind === "hang") return
    if (options.latencyMs !== undefined && options.latencyMs > 0) await new Promise((r) => setTimeout(r, options.latencyMs))
    const sentKey = request.headers["x-api-key"] ?? request.headers["authorization"]
    if (options.apiKey !== undefined && sentKey !== options.apiKey && sentKey !== `Bearer ${options.apiKey}`) {
      response.writeHead(401, { "content-type": "text/plain" }).end(`bad key ${String(sentKey)}`)
      return
    }
    if (behavior.kind === "status") {
      response.writeHead(behavior.status, behavior.retryAfter === undefined ? {} : { "retry-after": behavior.retryAfter })
      response.end(behavior.body ?? `status ${behavior.status}`)
      return
    }
    const body = JSON.parse(raw) as Record<string, unknown>
    bodies.push(body)
    if (path === "/v1/label") {
      const labels = body["labels"] as Array<string>
      const documents = body["documents"] as Array<{ id: string; text: string }>
      let results: Array<{ id: string; label: string; confidence: number }> = documents.map(({ id, text }) => ({
        id,
        label: expectedLabel(text, labels),
        confidence: 0.9
      }))
      if (behavior.kind === "wrong-label") results = results.map((result) => ({ ...result, label: "not-a-label" }))
      if (behavior.kind === "partial") results = results.slice(1)
      if (behavior.kind === "extra-id") results = [...results, { id: "stranger", label: labels[0]!, confidence: 0.5 }]
      const cost = price * documents.length
      charge(
        documents.map((document) => document.id),
        cost
      )
      if (behavior.kind === "garbage") {
        response.writeHead(200, { "content-type": "application/json" }).end("<html>oops</html>")
        return
      }
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ results, cost_usd: cost / 1_000_000 }))
      return
    }
    if (path === "/v1/chat/completions") {
      const schema = (body["response_format"] as { json_schema: { schema: { properties: { results: { items: { properties: Record<string, { enum: Array<string> }> } } } } } })
        .json_schema.schema.properties.results.items.properties
      const ids = schema["id"]!.enum
      const labels = schema["label"]!.enum
      const prompt = (body["messages"] as Array<{ content: string }>)[0]!.content
      const texts = new Map<string, string>()
      for (const line of prompt.split("\n")) {
        if (!line.startsWith("{")) continue
        const document = JSON.parse(line) as { id: string; text: string }
        texts.set(document.id, document.text)
      }
      let results = ids.map((id) => ({ id, label: expectedLabel(texts.get(id) ?? "", labels), confidence: 0.8 }))
      if (behavior.kind === "wrong-label") results = results.map((result) => ({ ...result, label: "not-a-label" }))
      const usage = chatUsage(Buffer.byteLength(raw), ids.length)
      charge(ids, 0)
      const content = behavior.kind === "garbage" ? "this is not json" : JSON.stringify({ results })
      response
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content } }], usage }))
      return
    }
    response.writeHead(404).end("no such path")
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500).end(String(error))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    charges,
    requests: () => requests,
    billedMicros: () => billed,
    bodies,
    headers,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
