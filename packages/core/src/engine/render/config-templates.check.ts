import type { MockServerConfig } from '../../schema';
import { createLiquidRenderer, type LiquidRenderer } from './liquid.renderer';

/**
 * Parses every campaign's and canvas's message templates of a validated configuration, so a Liquid
 * syntax error stops a server at start (or refuses a change) instead of failing each send as
 * `render_error`. One problem per broken field, by path and naming the campaign or canvas:
 * `workspaces[0].campaigns[1].message.body (campaign "welcome"): <the parse error>`.
 *
 * @example
 * const problems = configTemplateProblems(validateMockServerConfig(json).value);
 * if (problems.length > 0) { console.error(problems.join('\n')); process.exit(1); }
 */
export function configTemplateProblems(config: MockServerConfig, renderer: LiquidRenderer = createLiquidRenderer()): string[] {
  const problems: string[] = [];
  config.workspaces.forEach((workspace, w) => {
    for (const [list, kind] of [['campaigns', 'campaign'], ['canvases', 'canvas']] as const) {
      workspace[list].forEach((definition, d) => {
        for (const [field, source] of Object.entries(definition.message)) {
          const [problem] = renderer.compile({ [field]: source }).problems;
          if (problem === undefined) continue;
          const reason = problem.slice(field.length + 2);
          problems.push(`workspaces[${w}].${list}[${d}].message.${field} (${kind} ${JSON.stringify(definition.id)}): ${reason}`);
        }
      });
    }
  });
  return problems;
}
