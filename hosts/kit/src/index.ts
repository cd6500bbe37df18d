/** Every conformance host is one of these, given its own framework major and the adapter as installed. */
export { expressHost, type ExpressHostParts } from './express.host';
export { fastifyHost, type FastifyHostParts } from './fastify.host';
export { nestHost, type NestHostParts } from './nest.host';
export { fetchHost, type FetchHostParts } from './fetch.host';
export type { FrameworkInfo, HostModule, StartedHost } from './host.types';
