import { readSignedHeaders } from "../../src/http/signed-headers";

describe("the signature headers", () => {
  it("joins a repeated header the way Node does, so that it never verifies", () => {
    expect(readSignedHeaders({ "client-id": ["A", "B"], "request-id": "R" })).toEqual({
      clientId: "A, B",
      requestId: "R",
      timestamp: undefined,
      signature: undefined,
    });
  });
});
