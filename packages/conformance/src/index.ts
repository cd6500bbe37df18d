export { HOSTS, type Host, type StartedHost } from './hosts';
