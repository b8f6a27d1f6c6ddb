/** Runs one benchmark file of this folder (the default export of `<name>.bench.ts`). Used by `main.ts`. */
const file = process.argv[2]
if (file === undefined || !file.endsWith(".bench.ts")) throw new Error("usage: node runOne.ts <name>.bench.ts")
const module = (await import(`./${file}`)) as { default: () => Promise<void> }
await module.default()
