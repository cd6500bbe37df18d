// @triggerkit/mock-server: the `triggerkit-mock` bin (dist/cli.js) and, from this entry, the same
// server started in-process for test suites.
export { startMockServer, MockServerStartError, type StartMockServerOptions, type MockServer, type MockServerAdapter, type MockServerLogLevel } from './start-mock-server.ts';
