"use strict";
// A port nobody listens on at the moment, on the loopback: for the databases the bench starts.
const { createServer } = require("node:net");

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

module.exports = { freePort };
