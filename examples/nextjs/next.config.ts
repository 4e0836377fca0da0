import type { NextConfig } from "next";

// Nothing to set for express-doku: each DOKU route declares the Node.js runtime itself, and the
// package is bundled as it is.
const nextConfig: NextConfig = {};

export default nextConfig;
