// Next.js configuration. neo4j-driver and onnxruntime-node (a native addon)
// stay server-side externals: never bundled, loaded from node_modules.
/** @type {import('next').NextConfig} */
const nextConfig = {
  serverExternalPackages: ["neo4j-driver", "onnxruntime-node"],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
