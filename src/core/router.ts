import type { Lang } from '../knowledge/types.js';
import type { NeutralReply, NeutralRequest } from './model.js';

export interface RouteContext {
  /** Language for the bot's own strings when nothing better is known (locale → fallback order). */
  lang: Lang;
  signal?: AbortSignal;
  /**
   * The FAQ's answer to `question` (decorated by the features), or null when it is not confident.
   * Lets a feature that cannot do what was asked still answer from the FAQ.
   */
  answerFaq?: (question: string) => Promise<NeutralReply | null>;
}

export type RouteHandler = (request: NeutralRequest, context: RouteContext) => Promise<NeutralReply | null>;

interface TextRoute {
  matches: (text: string) => boolean;
  handler: RouteHandler;
}

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
    this.texts.push({ matches, handler });
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
    return this.texts.find((r) => r.matches(text))?.handler ?? this.fallbackHandler;
  }
}
