export default async function globalTeardown() {
  await globalThis.__ELASTICSEARCH__?.stop();
}
