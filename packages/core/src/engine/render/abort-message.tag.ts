import { type Context, type Liquid, Tag, type TagToken, type Tokenizer, type TopLevelToken, evalToken } from 'liquidjs';

type ReasonToken = NonNullable<ReturnType<Tokenizer['readValue']>>;

/** Thrown by `{% abort_message %}` to stop rendering; the renderer turns it into an `aborted` result. */
export class AbortMessageSignal extends Error {
  override readonly name = 'AbortMessageSignal';
  constructor(readonly reason: string | undefined) {
    super(reason === undefined ? 'abort_message' : `abort_message: ${reason}`);
  }
}

/**
 * Braze's `{% abort_message() %}` / `{% abort_message('why') %}` (spec 10): cancels this
 * recipient's message. The argument may be any Liquid value; the parentheses are optional.
 */
export class AbortMessageTag extends Tag {
  private readonly reason: ReasonToken | undefined;

  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid) {
    super(token, remainTokens, liquid);
    this.reason = readParenthesisedValue(this.tokenizer);
  }

  *render(ctx: Context): Generator<unknown, void, unknown> {
    const reason: unknown = this.reason === undefined ? undefined : yield evalToken(this.reason, ctx);
    throw new AbortMessageSignal(reason === undefined || reason === null || reason === '' ? undefined : String(reason));
  }
}

function readParenthesisedValue(tokenizer: Tokenizer): ReasonToken | undefined {
  tokenizer.skipBlank();
  const parenthesised = tokenizer.peek() === '(';
  if (parenthesised) tokenizer.advance();
  tokenizer.skipBlank();
  const value = parenthesised && tokenizer.peek() === ')' ? undefined : tokenizer.readValue();
  tokenizer.skipBlank();
  if (parenthesised) {
    tokenizer.assert(tokenizer.peek() === ')', 'abort_message: expected ")"');
    tokenizer.advance();
    tokenizer.skipBlank();
  }
  tokenizer.assert(tokenizer.end(), () => `abort_message: unexpected ${tokenizer.snapshot()}`);
  return value;
}
