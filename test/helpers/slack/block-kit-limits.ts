/**
 * An independent check of a Block Kit message against the limits in Slack's Block Kit reference
 * (blocks, block elements, composition objects), written from the reference rather than from the
 * renderer's own constants, so a wrong constant in src/channels/slack/blocks/limits.ts is caught.
 * Returns the violations as readable strings (empty when the message is within every limit).
 */
import type { KnownBlock } from '@slack/types';

interface TextObject {
  type: 'plain_text' | 'mrkdwn';
  text: string;
}

export function blockKitViolations(message: { text: string; blocks: KnownBlock[] }): string[] {
  const problems: string[] = [];
  const check = (where: string, text: TextObject | undefined, max: number) => {
    if (!text) return;
    if (text.text.length === 0) problems.push(`${where}: empty text`);
    if (text.text.length > max) problems.push(`${where}: ${text.text.length} characters > ${max}`);
  };
  if (message.blocks.length > 50) problems.push(`${message.blocks.length} blocks > 50`);
  if (message.text.length > 4000) problems.push(`top-level text ${message.text.length} characters > 4000`);
  message.blocks.forEach((block, i) => {
    const at = `block ${i} (${block.type})`;
    switch (block.type) {
      case 'header':
        if (block.text.type !== 'plain_text') problems.push(`${at}: header text must be plain_text`);
        check(at, block.text, 150);
        break;
      case 'section':
        if (!block.text && !block.fields) problems.push(`${at}: section needs text or fields`);
        check(at, block.text, 3000);
        if ((block.fields?.length ?? 0) > 10) problems.push(`${at}: ${block.fields!.length} fields > 10`);
        block.fields?.forEach((f, j) => check(`${at} field ${j}`, f, 2000));
        break;
      case 'context':
        if (block.elements.length > 10) problems.push(`${at}: ${block.elements.length} elements > 10`);
        block.elements.forEach((e, j) => check(`${at} element ${j}`, e as TextObject, 2000));
        break;
      case 'actions': {
        if (block.elements.length > 25) problems.push(`${at}: ${block.elements.length} elements > 25`);
        const ids = new Set<string>();
        for (const e of block.elements) {
          if (e.type !== 'button') continue;
          check(`${at} button`, e.text, 75);
          if ((e.value?.length ?? 0) > 2000) problems.push(`${at}: button value ${e.value!.length} > 2000`);
          if ((e.url?.length ?? 0) > 3000) problems.push(`${at}: button url ${e.url!.length} > 3000`);
          if (!e.action_id || e.action_id.length > 255) problems.push(`${at}: action_id missing or > 255`);
          if (e.action_id && ids.has(e.action_id)) problems.push(`${at}: duplicate action_id ${e.action_id}`);
          if (e.action_id) ids.add(e.action_id);
        }
        break;
      }
      case 'input':
        check(`${at} label`, block.label, 2000);
        if ('placeholder' in block.element)
          check(`${at} placeholder`, block.element.placeholder as TextObject | undefined, 150);
        break;
      default:
        problems.push(`${at}: block type not expected from the renderer`);
    }
  });
  return problems;
}

/** Every `(verb, data)` pair carried by the message's buttons (link buttons carry none). */
export function buttonPayloads(blocks: KnownBlock[]): unknown[] {
  return blocks
    .flatMap((b) => (b.type === 'actions' ? b.elements : []))
    .flatMap((e) => (e.type === 'button' && e.value !== undefined ? [JSON.parse(e.value) as unknown] : []));
}
