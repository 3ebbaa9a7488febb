// The independent tus 1.0 peer of test-api: @tus/server with a file store,
// serving /v1/uploads on a free loopback port. Prints TUS_URL=<base URL>.
import http from "node:http";
import { Server } from "@tus/server";
import { FileStore } from "@tus/file-store";

const tus = new Server({
  path: "/v1/uploads",
  datastore: new FileStore({ directory: process.env.TUS_DIR || "./files" }),
});

const server = http.createServer((req, res) => tus.handle(req, res));
server.listen(0, "127.0.0.1", () => {
  console.log(`TUS_URL=http://127.0.0.1:${server.address().port}/`);
});
