// Next.js configuration. neo4j-driver stays a server-side external so its
// Node-only modules are never bundled into client code.
/** @type {import('next').NextConfig} */
const nextConfig = {
  serverExternalPackages: ["neo4j-driver"],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
