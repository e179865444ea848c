/**
 * A small, strict XML well-formedness checker for the SVG the handler
 * writes: a prolog, nested elements with quoted attributes, text, the five
 * predefined entities and numeric character references. It throws on
 * anything else, so a document it accepts is well-formed XML.
 */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.:-]*/;
const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decodeEntities(text: string, where: number): string {
  return text.replace(/&([^;]*);|&/g, (match, body: string | undefined) => {
    if (body === undefined) throw new Error(`bare & at ${where}`);
    if (body.startsWith("#x")) return String.fromCodePoint(Number.parseInt(body.slice(2), 16));
    if (body.startsWith("#")) return String.fromCodePoint(Number.parseInt(body.slice(1), 10));
    const entity = ENTITIES[body];
    if (entity === undefined) throw new Error(`unknown entity ${match} at ${where}`);
    return entity;
  });
}

/** Parses `source`; throws unless it is one well-formed element after an optional prolog. */
export function parseXml(source: string): XmlElement {
  let i = 0;
  const skipSpace = () => {
    while (i < source.length && /\s/.test(source[i] as string)) i++;
  };
  if (source.startsWith("<?xml")) {
    const end = source.indexOf("?>");
    if (end === -1) throw new Error("unterminated prolog");
    i = end + 2;
  }
  skipSpace();
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (i < source.length) {
    if (source[i] !== "<") {
      const end = source.indexOf("<", i);
      const text = source.slice(i, end === -1 ? source.length : end);
      const parent = stack.at(-1);
      if (!parent) {
        if (text.trim() !== "") throw new Error(`text outside the root at ${i}`);
      } else {
        parent.text += decodeEntities(text, i);
      }
      i = end === -1 ? source.length : end;
      continue;
    }
    if (source.startsWith("</", i)) {
      const name = NAME.exec(source.slice(i + 2))?.[0];
      const open = stack.pop();
      if (!name || !open || open.name !== name) throw new Error(`mismatched </${name}> at ${i}`);
      i += 2 + name.length;
      skipSpace();
      if (source[i] !== ">") throw new Error(`malformed end tag at ${i}`);
      i++;
      if (stack.length === 0) {
        skipSpace();
        if (i !== source.length) throw new Error(`content after the root at ${i}`);
      }
      continue;
    }
    i++;
    const name = NAME.exec(source.slice(i))?.[0];
    if (!name) throw new Error(`malformed tag at ${i}`);
    if (stack.length === 0 && root) throw new Error("second root element");
    i += name.length;
    const attributes: Record<string, string> = {};
    for (;;) {
      const before = i;
      skipSpace();
      if (source.startsWith("/>", i) || source[i] === ">") break;
      if (i === before) throw new Error(`attributes need spaces between them at ${i}`);
      const attribute = NAME.exec(source.slice(i))?.[0];
      if (!attribute) throw new Error(`malformed attribute at ${i}`);
      if (Object.hasOwn(attributes, attribute)) throw new Error(`duplicate attribute ${attribute}`);
      i += attribute.length;
      if (source[i] !== "=") throw new Error(`attribute ${attribute} has no value`);
      const quote = source[i + 1];
      if (quote !== '"' && quote !== "'") throw new Error(`unquoted attribute ${attribute}`);
      const end = source.indexOf(quote, i + 2);
      if (end === -1) throw new Error(`unterminated attribute ${attribute}`);
      const raw = source.slice(i + 2, end);
      if (raw.includes("<")) throw new Error(`< in attribute ${attribute}`);
      attributes[attribute] = decodeEntities(raw, i);
      i = end + 1;
    }
    const element: XmlElement = { name, attributes, children: [], text: "" };
    stack.at(-1)?.children.push(element);
    root ??= element;
    if (source.startsWith("/>", i)) {
      i += 2;
      if (stack.length === 0) {
        skipSpace();
        if (i !== source.length) throw new Error(`content after the root at ${i}`);
      }
    } else {
      i++;
      stack.push(element);
    }
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.at(-1)?.name}>`);
  if (!root) throw new Error("no root element");
  return root;
}

/** Every element of the tree, depth first. */
export function allElements(root: XmlElement): XmlElement[] {
  return [root, ...root.children.flatMap(allElements)];
}
