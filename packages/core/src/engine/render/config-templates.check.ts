import type { MessageDefinition, MockServerConfig } from '../../schema';
import { createLiquidRenderer, type LiquidRenderer } from './liquid.renderer';

/**
 * Parses every campaign's and canvas's message templates of a validated configuration, so a Liquid
 * syntax error stops a server at start instead of failing each send as `render_error`. One problem
 * per broken field, by path and naming the campaign or canvas:
 * `workspaces[0].campaigns[1].message.body (campaign "welcome"): <the parse error>`.
 *
 * @example
 * const problems = configTemplateProblems(validateMockServerConfig(json).value);
 * if (problems.length > 0) { console.error(problems.join('\n')); process.exit(1); }
 */
export function configTemplateProblems(config: MockServerConfig, renderer: LiquidRenderer = createLiquidRenderer()): string[] {
  return config.workspaces.flatMap((workspace, w) =>
    (['campaigns', 'canvases'] as const).flatMap((list) =>
      workspace[list].flatMap((definition, d) =>
        ('message' in definition ? definitionTemplateProblems(definition, renderer) : []).map(
          ({ field, reason }) => `workspaces[${w}].${list}[${d}].message.${field} (${list === 'campaigns' ? 'campaign' : 'canvas'} ${JSON.stringify(definition.id)}): ${reason}`,
        ),
      ),
    ),
  );
}

/** The message fields of one campaign or canvas whose Liquid does not parse, with liquidjs's reason. */
export function definitionTemplateProblems(definition: Pick<MessageDefinition, 'message'>, renderer: LiquidRenderer = createLiquidRenderer()): { field: string; reason: string }[] {
  return Object.entries(definition.message).flatMap(([field, source]) => {
    const [problem] = renderer.compile({ [field]: source }).problems;
    return problem === undefined ? [] : [{ field, reason: problem.slice(field.length + 2) }];
  });
}
