import vectorsFile from "../fixtures/signature-vectors.json";

export interface Vector {
  id: string;
  http_method: string;
  inputs: {
    secret_key: string;
    client_id: string;
    request_id: string;
    timestamp_header_name: "Request-Timestamp" | "Response-Timestamp";
    timestamp: string;
    request_target: string;
    body_raw_utf8: string | null;
    body_byte_length: number;
  };
  expected: {
    digest_base64_sha256: string | null;
    component_string: string;
    signature_header_value: string;
  };
}

export const vectors = vectorsFile.vectors as Vector[];
export const negativeCases = vectorsFile.negative_cases_from_v1 as Record<string, string>;

export function vector(id: string): Vector {
  const found = vectors.find((v) => v.id.startsWith(id));
  if (!found) throw new Error(`no vector ${id}`);
  return found;
}

export const SECRET = vector("v1-").inputs.secret_key;
export const CLIENT_ID = vector("v1-").inputs.client_id;
export const CLIENTS = [{ clientId: CLIENT_ID, secretKeys: [SECRET] }];
