import { describe, expect, it } from 'vitest';
import { validateMockServerConfig } from '../../rules/request-validation/mock-config.validation';
import { configTemplateProblems, definitionTemplateProblems } from './config-templates.check';

function config(campaigns: unknown[], canvases: unknown[] = []) {
  const result = validateMockServerConfig({ workspaces: [{ name: 'w', api_keys: [{ key: 'k', permissions: [] }] }, { name: 'acme', api_keys: [{ key: 'k2', permissions: [] }], campaigns, canvases }] });
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.value;
}

describe('configTemplateProblems', () => {
  it('accepts the templates of spec 13, Braze variables and abort_message included', () => {
    const valid = config(
      [{ id: 'order', channel: 'email', message: { subject: 'Order {{api_trigger_properties.${order_id}}}', body: "Hi {{${first_name} | default: 'there'}}{% if x %}{% abort_message('no') %}{% endif %}" } }],
      [{ id: 'onboarding', channel: 'push', message: { title: 'Welcome', body: '{{context.${step}}}' } }],
    );
    expect(configTemplateProblems(valid)).toEqual([]);
  });

  it('names the path, the campaign or canvas and the parse error of each broken field', () => {
    const broken = config(
      [
        { id: 'fine', channel: 'sms', message: { body: 'ok' } },
        { id: 'welcome', channel: 'email', message: { subject: 'Hi {{ first_name', body: '{% if x %}never closed' } },
      ],
      [{ id: 'journey', channel: 'push', message: { title: '{% nope %}', body: 'fine' } }],
    );
    const problems = configTemplateProblems(broken);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^workspaces\[1\]\.campaigns\[1\]\.message\.subject \(campaign "welcome"\): output "\{\{ first_name" not closed/);
    expect(problems[1]).toMatch(/^workspaces\[1\]\.campaigns\[1\]\.message\.body \(campaign "welcome"\): tag \{% if x %\} not closed, line:1, col:1/);
    expect(problems[2]).toMatch(/^workspaces\[1\]\.canvases\[0\]\.message\.title \(canvas "journey"\): tag "nope" not found/);
  });

  it('checks one definition by field, for PUT /_mock/campaigns and /_mock/canvases', () => {
    expect(definitionTemplateProblems({ message: { subject: 'ok {{ a }}', body: '{% endif %}' } })).toEqual([{ field: 'body', reason: expect.stringContaining('endif') }]);
    expect(definitionTemplateProblems({ message: { body: '{{ x | no_such_filter }}' } })).toEqual([{ field: 'body', reason: expect.stringContaining('no_such_filter') }]);
  });
});
