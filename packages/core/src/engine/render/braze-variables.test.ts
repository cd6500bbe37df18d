import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STANDARD_NAMESPACE, expandBrazeVariables } from './braze-variables';

describe('expandBrazeVariables', () => {
  it.each([
    ["{{${first_name} | default: 'there'}}", `{{${STANDARD_NAMESPACE}.first_name | default: 'there'}}`],
    ['{{custom_attribute.${plan}}}', '{{custom_attribute.plan}}'],
    ['{{api_trigger_properties.${order_id}}}', '{{api_trigger_properties.order_id}}'],
    ['{{context.${key}}} {{canvas_entry_properties.${key}}}', '{{context.key}} {{canvas_entry_properties.key}}'],
    ['{{custom_attribute.${Favourite colour}}}', '{{custom_attribute["Favourite colour"]}}'],
    ['{{custom_attribute.${say "hi" \\ bye}}}', '{{custom_attribute["say \\"hi\\" \\\\ bye"]}}'],
    ['{{custom_attribute.${ plan }}}', '{{custom_attribute.plan}}'],
    ['{{-${first_name}-}}', `{{-${STANDARD_NAMESPACE}.first_name-}}`],
    ["{% if ${first_name} == 'Ann' %}x{% endif %}", `{% if ${STANDARD_NAMESPACE}.first_name == 'Ann' %}x{% endif %}`],
  ])('rewrites %s', (source, expected) => {
    expect(expandBrazeVariables(source)).toBe(expected);
  });

  it.each([
    ['plain text', 'costs ${price} today'],
    ['a quoted string in an output', "{{ 'literal ${x}' }}"],
    ['a quoted string in a tag', '{% assign a = "${x}" %}'],
    ['a raw block', '{% raw %}{{${first_name}}}{%- endraw -%}'],
    ['an unclosed variable', '{{ ${first_name'],
  ])('leaves %s alone', (_name, source) => {
    expect(expandBrazeVariables(source)).toBe(source);
  });

  it('ends an output at }} outside quotes, and a tag at the first %}, as liquidjs does', () => {
    expect(expandBrazeVariables("{{ '}}' }}${a}")).toBe("{{ '}}' }}${a}");
    expect(expandBrazeVariables("{% x '%}' ${a}")).toBe("{% x '%}' ${a}");
  });

  it('changes nothing in text without Liquid markup', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        fc.pre(!text.includes('{{') && !text.includes('{%'));
        expect(expandBrazeVariables(text)).toBe(text);
      }),
    );
  });

  it('rewrites the markup after many earlier ones', () => {
    const template = '{{a}}'.repeat(50_000) + '{% if ${first_name} %}{% endif %}';
    expect(expandBrazeVariables(template).endsWith(`{% if ${STANDARD_NAMESPACE}.first_name %}{% endif %}`)).toBe(true);
  });
});
