import { Liquid, type Template } from 'liquidjs';
import { AbortMessageSignal, AbortMessageTag } from './abort-message.tag';
import { expandBrazeVariables } from './braze-variables';
import { type RenderScope, liquidScope } from './liquid-scope';

export type { RenderScope } from './liquid-scope';

export interface LiquidRendererOptions {
  /** Most characters one field's template may have. Default 1,048,576. */
  parseLimit?: number;
  /** Most milliseconds one field may take to render. Default 1,000. */
  renderLimit?: number;
  /** Most allocation units (string and array sizes, range lengths) one field may use. Default 10,000,000. */
  memoryLimit?: number;
}

/** A message's fields, parsed once. `problems` lists parse errors as `<field>: <error>`; rendering such a template fails. */
export interface CompiledTemplate {
  readonly fieldNames: readonly string[];
  readonly problems: readonly string[];
}

export type RenderResult =
  | { ok: true; content: Record<string, string> }
  | { ok: false; reason: 'aborted'; message?: string }
  | { ok: false; reason: 'render_error'; error: string };

export interface LiquidRenderer {
  compile(fields: Readonly<Record<string, string>>): CompiledTemplate;
  render(template: CompiledTemplate, scope: RenderScope): Promise<RenderResult>;
}

type ParsedField = readonly [name: string, templates: Template[]];

const DEFAULT_LIMITS = { parseLimit: 1_048_576, renderLimit: 1_000, memoryLimit: 10_000_000 } as const;

/**
 * Liquid as Braze runs it (spec 10): Braze's `${…}` variables, `{% abort_message %}`, no HTML
 * escaping, no file access, and limits so a hostile template fails instead of hanging the server.
 *
 * @example
 * const renderer = createLiquidRenderer();
 * const template = renderer.compile({ subject: 'Order {{api_trigger_properties.${order_id}}}', body: "Hi {{${first_name} | default: 'there'}}" });
 * const result = await renderer.render(template, { attributes: { first_name: 'Ann' }, apiTriggerProperties: { order_id: 'A-1' } });
 * // result: { ok: true, content: { subject: 'Order A-1', body: 'Hi Ann' } }
 */
export function createLiquidRenderer(options: LiquidRendererOptions = {}): LiquidRenderer {
  const liquid = createLiquid({ ...DEFAULT_LIMITS, ...definedOnly(options) });
  const parsed = new WeakMap<CompiledTemplate, readonly ParsedField[]>();

  return {
    compile(fields) {
      const problems: string[] = [];
      const parsedFields: ParsedField[] = [];
      for (const [name, source] of Object.entries(fields)) {
        try {
          parsedFields.push([name, liquid.parse(expandBrazeVariables(source))]);
        } catch (error) {
          problems.push(`${name}: ${errorMessage(error)}`);
        }
      }
      const template: CompiledTemplate = Object.freeze({ fieldNames: Object.freeze(Object.keys(fields)), problems: Object.freeze(problems) });
      parsed.set(template, parsedFields);
      return template;
    },

    async render(template, scope) {
      const fields = parsed.get(template);
      if (fields === undefined) return { ok: false, reason: 'render_error', error: 'the template was not compiled by this renderer' };
      if (template.problems.length > 0) return { ok: false, reason: 'render_error', error: template.problems.join('; ') };
      const variables = liquidScope(scope);
      const content: [string, string][] = [];
      for (const [name, templates] of fields) {
        try {
          // Synchronously: nothing here waits on I/O (no file system, no async filters), and
          // liquidjs's sync path renders the same output without a promise per node (~1.7x faster).
          content.push([name, String(liquid.renderSync(templates, variables))]);
        } catch (error) {
          return failure(name, error);
        }
      }
      return { ok: true, content: Object.fromEntries(content) };
    },
  };
}

function createLiquid(limits: Required<LiquidRendererOptions>): Liquid {
  const liquid = new Liquid({
    ...limits,
    // An empty in-memory file system: `include`, `render` and `layout` cannot read the server's disk.
    templates: {},
    strictFilters: true,
    ownPropertyOnly: true,
    timezoneOffset: 0,
  });
  liquid.registerTag('abort_message', AbortMessageTag);
  return liquid;
}

function failure(field: string, error: unknown): RenderResult {
  const abort = findAbort(error);
  if (abort === undefined) return { ok: false, reason: 'render_error', error: `${field}: ${errorMessage(error)}` };
  return abort.reason === undefined ? { ok: false, reason: 'aborted' } : { ok: false, reason: 'aborted', message: abort.reason };
}

/** liquidjs wraps what a tag throws (`originalError`), once per enclosing block. */
function findAbort(error: unknown): AbortMessageSignal | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 100 && current !== undefined && current !== null; depth++) {
    if (current instanceof AbortMessageSignal) return current;
    current = (current as { originalError?: unknown }).originalError;
  }
  return undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function definedOnly(options: LiquidRendererOptions): LiquidRendererOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}
