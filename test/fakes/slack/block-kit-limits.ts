// What Slack checks before accepting blocks, written independently of the renderer: the fake Web API answers
// `invalid_blocks` with these problems, and unit tests use it to judge rendered messages.

type Json = Record<string, unknown>;

function textOf(value: unknown): string {
  return typeof value === 'object' && value !== null && typeof (value as Json).text === 'string' ? ((value as Json).text as string) : '';
}

function checkConfirm(confirm: Json, where: string, problems: string[]): void {
  if (textOf(confirm.title).length > 100) problems.push(`${where}: confirm title > 100`);
  if (textOf(confirm.text).length > 300) problems.push(`${where}: confirm text > 300`);
  if (textOf(confirm.confirm).length > 30) problems.push(`${where}: confirm button > 30`);
  if (textOf(confirm.deny).length > 30) problems.push(`${where}: deny button > 30`);
}

function checkBlock(block: Json, where: string, problems: string[], actionIds: Set<string>): void {
  switch (block.type) {
    case 'header':
      if (textOf(block.text).length > 150) problems.push(`${where}: header text > 150`);
      if ((block.text as Json | undefined)?.type !== 'plain_text') problems.push(`${where}: header must be plain_text`);
      break;
    case 'section': {
      const fields = (block.fields as Json[] | undefined) ?? [];
      if (!block.text && fields.length === 0) problems.push(`${where}: section without text or fields`);
      if (textOf(block.text).length > 3000) problems.push(`${where}: section text > 3000`);
      if (block.text && textOf(block.text).length === 0) problems.push(`${where}: empty section text`);
      if (fields.length > 10) problems.push(`${where}: more than 10 fields`);
      fields.forEach((f, i) => { if (textOf(f).length > 2000) problems.push(`${where}.fields[${i}]: field > 2000`); });
      break;
    }
    case 'context': {
      const elements = (block.elements as Json[] | undefined) ?? [];
      if (elements.length === 0 || elements.length > 10) problems.push(`${where}: context needs 1–10 elements`);
      break;
    }
    case 'actions': {
      const elements = (block.elements as Json[] | undefined) ?? [];
      if (elements.length === 0 || elements.length > 25) problems.push(`${where}: actions needs 1–25 elements`);
      elements.forEach((e, i) => {
        const id = String(e.action_id ?? '');
        if (id.length > 255) problems.push(`${where}.elements[${i}]: action_id > 255`);
        if (actionIds.has(id)) problems.push(`${where}.elements[${i}]: duplicate action_id ${id}`);
        actionIds.add(id);
        if (textOf(e.text).length > 75) problems.push(`${where}.elements[${i}]: button text > 75`);
        if (String(e.value ?? '').length > 2000) problems.push(`${where}.elements[${i}]: value > 2000`);
        if (e.confirm) checkConfirm(e.confirm as Json, `${where}.elements[${i}]`, problems);
      });
      break;
    }
    case 'divider':
    case 'image':
      break;
    default:
      problems.push(`${where}: unknown block type ${String(block.type)}`);
  }
}

/** Problems Slack would report for these blocks; empty when Slack would accept them. */
export function blockKitProblems(blocks: unknown): string[] {
  if (!Array.isArray(blocks)) return ['blocks is not an array'];
  const problems: string[] = [];
  if (blocks.length > 50) problems.push(`${blocks.length} blocks > 50`);
  const actionIds = new Set<string>();
  blocks.forEach((block, i) => checkBlock(block as Json, `blocks[${i}]`, problems, actionIds));
  return problems;
}
