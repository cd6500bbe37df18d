import fc from 'fast-check';
import { Liquid } from 'liquidjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type RenderScope, createLiquidRenderer } from './liquid.renderer';

const scope = (overrides: Partial<RenderScope> = {}): RenderScope => ({ attributes: {}, apiTriggerProperties: {}, ...overrides });

async function renderOne(source: string, renderScope: RenderScope = scope()) {
  const renderer = createLiquidRenderer();
  return renderer.render(renderer.compile({ body: source }), renderScope);
}

afterEach(() => vi.restoreAllMocks());

describe('createLiquidRenderer: Braze variables (spec 10)', () => {
  it('renders the spec example fields', async () => {
    const renderer = createLiquidRenderer();
    const template = renderer.compile({ subject: 'Order {{api_trigger_properties.${order_id}}}', body: "Hi {{${first_name} | default: 'there'}}" });
    expect(await renderer.render(template, scope({ attributes: { first_name: 'Ann' }, apiTriggerProperties: { order_id: 'A-1' } }))).toEqual({
      ok: true,
      content: { subject: 'Order A-1', body: 'Hi Ann' },
    });
    expect(await renderer.render(template, scope({ apiTriggerProperties: { order_id: 7 } }))).toEqual({
      ok: true,
      content: { subject: 'Order 7', body: 'Hi there' },
    });
  });

  it('reads custom attributes under custom_attribute and standard ones by their Braze names only', async () => {
    const attributes = { first_name: 'Ann', email: 'ann@example.com', phone: '+4917', dob: '1990-01-02', home_city: 'Berlin', plan: 'gold' };
    const source = '{{${first_name}}}|{{${email_address}}}|{{${phone_number}}}|{{${date_of_birth}}}|{{${city}}}|{{custom_attribute.${plan}}}|{{${plan}}}|{{custom_attribute.${first_name}}}|{{${email}}}';
    expect(await renderOne(source, scope({ attributes }))).toEqual({
      ok: true,
      content: { body: 'Ann|ann@example.com|+4917|1990-01-02|Berlin|gold|||' },
    });
  });

  it('exposes the profile identifiers as ${user_id} and ${braze_id}', async () => {
    const result = await renderOne('{{${user_id}}}/{{${braze_id}}}', scope({ profile: { external_id: 'u-1', braze_id: 'abc' } }));
    expect(result).toEqual({ ok: true, content: { body: 'u-1/abc' } });
  });

  it('reads canvas context under both context and canvas_entry_properties', async () => {
    const result = await renderOne('{{context.${step}}}-{{canvas_entry_properties.${step}}}', scope({ context: { step: 'two' } }));
    expect(result).toEqual({ ok: true, content: { body: 'two-two' } });
  });

  it('reaches any custom attribute name, however odd, through the bracket form', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 20 }), fc.string({ maxLength: 10 }), async (name, value) => {
        fc.pre(!name.includes('}') && name.trim() === name && name.length > 0 && !['email', 'phone', 'first_name'].includes(name));
        const result = await renderOne('[{{custom_attribute.${' + name + '}}}]', scope({ attributes: { [name]: value } }));
        expect(result).toEqual({ ok: true, content: { body: `[${value}]` } });
      }),
      { numRuns: 200 },
    );
  });

  it('does not HTML-escape', async () => {
    expect(await renderOne('{{api_trigger_properties.${html}}}', scope({ apiTriggerProperties: { html: '<b>"Tom" & \'Jerry\'</b>' } }))).toEqual({
      ok: true,
      content: { body: '<b>"Tom" & \'Jerry\'</b>' },
    });
  });

  it('renders missing values as empty strings', async () => {
    expect(await renderOne('[{{custom_attribute.${nope}}}{{api_trigger_properties.${a}.b}}{{context.${x}}}]')).toEqual({ ok: true, content: { body: '[]' } });
  });
});

describe('createLiquidRenderer: abort_message', () => {
  it.each([
    ['{% abort_message() %}', undefined],
    ['{% abort_message %}', undefined],
    ["{% abort_message('no name') %}", 'no name'],
    ['{% abort_message("for {{x}}") %}', 'for {{x}}'],
    ['{% abort_message(api_trigger_properties.reason) %}', 'from data'],
  ])('%s aborts the send', async (source, message) => {
    const result = await renderOne(`before ${source} after`, scope({ apiTriggerProperties: { reason: 'from data' } }));
    expect(result).toEqual(message === undefined ? { ok: false, reason: 'aborted' } : { ok: false, reason: 'aborted', message });
  });

  it('aborts from inside blocks, only when reached', async () => {
    const renderer = createLiquidRenderer();
    const template = renderer.compile({
      subject: 'Hello',
      body: "{% for i in (1..3) %}{% if ${first_name} == blank %}{% abort_message('missing first name') %}{% endif %}{% endfor %}Hi {{${first_name}}}",
    });
    expect(await renderer.render(template, scope())).toEqual({ ok: false, reason: 'aborted', message: 'missing first name' });
    expect(await renderer.render(template, scope({ attributes: { first_name: 'Ann' } }))).toEqual({ ok: true, content: { subject: 'Hello', body: 'Hi Ann' } });
  });

  it('reports malformed abort_message arguments at compile time', () => {
    const renderer = createLiquidRenderer();
    expect(renderer.compile({ body: "{% abort_message('x' %}" }).problems).toEqual([expect.stringMatching(/^body: abort_message: expected "\)"/)]);
    expect(renderer.compile({ body: "{% abort_message('x') extra %}" }).problems).toEqual([expect.stringMatching(/^body: abort_message: unexpected/)]);
  });
});

describe('createLiquidRenderer: errors and limits', () => {
  it('lists parse problems per field at compile time and fails every render of that template', async () => {
    const renderer = createLiquidRenderer();
    const template = renderer.compile({ subject: '{{ ok }}', body: '{% if %}', title: '{{ x | no_such_filter }}' });
    expect(template.fieldNames).toEqual(['subject', 'body', 'title']);
    expect(template.problems).toHaveLength(2);
    expect(template.problems[0]).toMatch(/^body: /);
    expect(template.problems[1]).toMatch(/^title: undefined filter: no_such_filter/);
    const result = await renderer.render(template, scope());
    expect(result).toMatchObject({ ok: false, reason: 'render_error' });
  });

  it('reports a render-time error with the field name', async () => {
    expect(await renderOne("{{ 'a' | slice: api_trigger_properties.n, 'x' }}{% include 'nope' %}", scope())).toMatchObject({
      ok: false,
      reason: 'render_error',
      error: expect.stringMatching(/^body: /),
    });
  });

  it('refuses a template compiled by another renderer', async () => {
    const template = createLiquidRenderer().compile({ body: 'x' });
    expect(await createLiquidRenderer().render(template, scope())).toEqual({
      ok: false,
      reason: 'render_error',
      error: 'the template was not compiled by this renderer',
    });
  });

  it('cannot read files from the server', async () => {
    for (const source of ["{% include '/etc/hostname' %}", "{% render 'package.json' %}", "{% layout '/etc/passwd' %}x"]) {
      expect(await renderOne(source)).toMatchObject({ ok: false, reason: 'render_error' });
    }
  });

  it('stops a huge loop instead of hanging', async () => {
    expect(await renderOne('{% for i in (1..1000000000) %}x{% endfor %}')).toMatchObject({ ok: false, reason: 'render_error', error: expect.stringContaining('limit exceeded') });
    const renderer = createLiquidRenderer({ renderLimit: 50 });
    const nested = renderer.compile({ body: '{% for i in (1..100000) %}{% for j in (1..90) %}{{ i }}{% endfor %}{% endfor %}' });
    expect(await renderer.render(nested, scope())).toMatchObject({ ok: false, reason: 'render_error', error: expect.stringContaining('limit exceeded') });
  });

  it('refuses a template over the parse limit', () => {
    const renderer = createLiquidRenderer({ parseLimit: 100 });
    expect(renderer.compile({ body: 'x'.repeat(101) }).problems).toEqual([expect.stringContaining('parse length limit exceeded')]);
    expect(renderer.compile({ body: 'x'.repeat(100) }).problems).toEqual([]);
  });
});

describe('createLiquidRenderer: data safety', () => {
  it('parses each field once at compile, never per render', async () => {
    const parse = vi.spyOn(Liquid.prototype, 'parse');
    const renderer = createLiquidRenderer();
    const template = renderer.compile({ subject: 'S {{api_trigger_properties.${n}}}', body: 'B' });
    expect(parse).toHaveBeenCalledTimes(2);
    for (let n = 0; n < 5; n++) expect(await renderer.render(template, scope({ apiTriggerProperties: { n } }))).toMatchObject({ ok: true, content: { subject: `S ${n}` } });
    expect(parse).toHaveBeenCalledTimes(2);
  });

  it('treats __proto__, constructor and prototype as ordinary data', async () => {
    const data = JSON.parse('{"__proto__": {"x": "own"}, "constructor": "c", "prototype": "p"}') as Record<string, unknown>;
    const result = await renderOne(
      '{{api_trigger_properties.__proto__.x}}|{{api_trigger_properties.${constructor}}}|{{custom_attribute.${prototype}}}|{{custom_attribute.${__proto__}.x}}|{{context.constructor}}|{{context.toString}}',
      scope({ attributes: data, apiTriggerProperties: data, context: {} }),
    );
    expect(result).toEqual({ ok: true, content: { body: 'own|c|p|own||' } });
    expect(({} as Record<string, unknown>)['x']).toBeUndefined();
  });

  it('never writes to the data it renders with (trigger properties never reach the profile)', async () => {
    const attributes = Object.freeze({ first_name: 'Ann', tags: Object.freeze(['a']) });
    const apiTriggerProperties = Object.freeze({ order_id: 'A-1' });
    const result = await renderOne(
      "{% assign first_name = 'Eve' %}{% capture order_id %}x{% endcapture %}{% increment n %}{{ custom_attribute.${tags} | push: 'b' | join: ',' }} {{${first_name}}} {{first_name}}",
      scope({ attributes, apiTriggerProperties }),
    );
    expect(result).toEqual({ ok: true, content: { body: '0a,b Ann Eve' } });
    expect(attributes).toEqual({ first_name: 'Ann', tags: ['a'] });
    expect(apiTriggerProperties).toEqual({ order_id: 'A-1' });
  });
});
