import { createServer } from "node:http"
import { describe, expect, it } from "vitest"
import { freePort, waitForHttp } from "../src/FreePort.ts"

describe("freePort", () => {
  it("returns a loopback port that can be listened on", async () => {
    const port = await freePort()
    expect(port).toBeGreaterThan(0)
    const server = createServer((_req, res) => res.end("ok"))
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve))
    await waitForHttp(`http://127.0.0.1:${port}/`, 2000)
    await new Promise((resolve) => server.close(resolve))
  })

  it("waitForHttp gives up with a message naming the URL", async () => {
    const port = await freePort()
    await expect(waitForHttp(`http://127.0.0.1:${port}/`, 300)).rejects.toThrow(`http://127.0.0.1:${port}/`)
  })
})
