/**
 * @triggerkit/nestjs: NestJS modules over @triggerkit/core — an injectable client, and a server
 * module hosting the Braze endpoints.
 */
export { TriggerKitModule, TRIGGERKIT_CLIENT } from './triggerkit.module';
export { TRIGGERKIT_MODULE_OPTIONS, type TriggerKitModuleOptions, type TriggerKitModuleAsyncOptions } from './triggerkit.module-definition';
export { TriggerKitServerModule } from './triggerkit-server.module';
export {
  TRIGGERKIT_SERVER_OPTIONS,
  type TriggerKitServerOptions,
  type TriggerKitServerModuleOptions,
  type TriggerKitServerModuleAsyncOptions,
} from './triggerkit-server.module-definition';
export { TRIGGERKIT_SERVER, type TriggerKitServer } from './triggerkit-server.token';
export { TriggerKitHttpException } from './triggerkit-http.exception';
export { BrazeExceptionFilter } from './braze-exception.filter';
