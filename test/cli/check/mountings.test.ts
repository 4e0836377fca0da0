import { INQUIRY_PATH, type Mounted, NOTIFICATION_PATH } from "../../conformance/battery";
import { CLIENT_ID, CODES, SECRET_KEY } from "../../conformance/merchant";
import { IN_PROCESS_MOUNTINGS } from "../../conformance/mountings";
import { idsWith, runCheckCli } from "./check-cli";

// The package's routers, on every mounting (Express 5, or Express 4 in its project, node:http, the
// fetch handlers, Hono, Fastify): every check DOKU makes passes.
describe.each(IN_PROCESS_MOUNTINGS.map((m) => [m.name, m] as const))("%s", (_, mounting) => {
  let mounted: Mounted;
  beforeAll(async () => {
    mounted = await mounting.start();
  });
  afterAll(() => mounted.close());

  it("passes every check", async () => {
    const run = await runCheckCli(
      [
        "--inquiry-url",
        `${mounted.url}${INQUIRY_PATH}`,
        "--notify-url",
        `${mounted.url}${NOTIFICATION_PATH}`,
        "--client-id",
        CLIENT_ID,
        "--payable",
        CODES.payable,
        "--paid",
        CODES.paid,
        "--expired",
        CODES.expired,
        "--unknown",
        CODES.unknown,
        "--spacing-ms",
        "0",
        "--json",
      ],
      SECRET_KEY,
    );
    expect(idsWith(run, "failed")).toEqual([]);
    expect(idsWith(run, "skipped")).toEqual(["inquiry-url-tls", "notify-url-tls"]);
    expect(run.code).toBe(0);
    // onPayment ran twice: once for the FAILED notification, once for the four SUCCESS calls of one payment.
    const payments = (await mounted.record()).payments.filter((p) => p.invoice === `INV-${CODES.payable}`);
    expect(payments).toHaveLength(2);
  });
});
