import type { AnswerContext, MissContext } from './answer-context.js';
import type { Lang } from './lang.js';
import type { NeutralReply, NeutralRequest } from './model.js';

export interface RouteContext {
  /** Language for the bot's own strings when nothing better is known (locale → fallback order). */
  lang: Lang;
  signal?: AbortSignal;
  /** Every feature's additions to a FAQ answer (Ask calls it before replying). */
  decorateAnswer(reply: NeutralReply, context: AnswerContext): Promise<NeutralReply>;
  /** Every feature's additions to a miss: an abstention or a 👎. */
  decorateMiss(reply: NeutralReply, miss: MissContext): Promise<NeutralReply>;
}

export type RouteHandler = (request: NeutralRequest, context: RouteContext) => Promise<NeutralReply | null>;

/** A typed text's handler, or undefined when the route does not apply. */
type TextRoute = (text: string) => RouteHandler | undefined;

/**
 * Dispatches a neutral request: button/automation actions by verb, typed text by the first matching
 * text route, anything else to the fallback (the FAQ). Platform-independent by construction.
 */
export class CommandRouter {
  private readonly actions = new Map<string, RouteHandler>();
  private readonly texts: TextRoute[] = [];
  private fallbackHandler?: RouteHandler;
  private unknownActionHandler?: RouteHandler;

  onAction(verb: string, handler: RouteHandler): this {
    if (this.actions.has(verb)) throw new Error(`duplicate action verb: ${verb}`);
    this.actions.set(verb, handler);
    return this;
  }

  onText(matches: (text: string) => boolean, handler: RouteHandler): this {
    this.texts.push((text) => (matches(text) ? handler : undefined));
    return this;
  }

  /**
   * A text route whose test is a parser: the text is parsed once, and what the parser returned (anything but
   * null or undefined) is handed to the handler, which does not parse again.
   */
  onParsed<T>(
    parse: (text: string) => T | null | undefined,
    handler: (request: NeutralRequest, context: RouteContext, parsed: T) => Promise<NeutralReply | null>,
  ): this {
    this.texts.push((text) => {
      const parsed = parse(text);
      return parsed === null || parsed === undefined
        ? undefined
        : (request, context) => handler(request, context, parsed);
    });
    return this;
  }

  onUnknownAction(handler: RouteHandler): this {
    this.unknownActionHandler = handler;
    return this;
  }

  fallback(handler: RouteHandler): this {
    this.fallbackHandler = handler;
    return this;
  }

  /** The handler for a request, or undefined when nothing applies. */
  resolve(request: NeutralRequest): RouteHandler | undefined {
    if (request.action) return this.actions.get(request.action.verb) ?? this.unknownActionHandler;
    const text = request.text ?? '';
    for (const route of this.texts) {
      const handler = route(text);
      if (handler) return handler;
    }
    return this.fallbackHandler;
  }
}
