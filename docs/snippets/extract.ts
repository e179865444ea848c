/**
 * Turns the ```ts blocks of the guides and READMEs into TypeScript programs,
 * so that `snippets.test.ts` can type-check and run what a reader copies.
 *
 * A block's info string after `ts` says how it is checked:
 * - (nothing): a program of its own, type-checked and run;
 * - `continued`: appended to the previous block's program (a story told in steps);
 * - `aside`: a program of its own that later `continued` blocks skip over;
 * - `no-run`: type-checked, never run (a server that listens, a test suite);
 * - `skip`: neither, for blocks another check owns (say why next to it).
 *
 * An HTML comment `<!-- ts-setup ... -->` right before a block holds code the
 * reader is not shown but the program needs (a product the page assumes).
 */
import { readFileSync } from "node:fs";

/** One ```ts block of a markdown file. */
export interface Snippet {
  /** Path relative to the repository root. */
  readonly file: string;
  /** 1-based line of the block's first code line. */
  readonly line: number;
  readonly code: string;
  /** Hidden code from a `<!-- ts-setup -->` comment right before the block. */
  readonly setup: string;
  readonly flags: ReadonlySet<string>;
}

/** A program the check compiles (and runs unless a block says `no-run`). */
export interface SnippetProgram {
  /** `docs/guides/trace.md:17`, the first block's location. */
  readonly name: string;
  readonly snippets: readonly Snippet[];
  readonly run: boolean;
  readonly skip: boolean;
}

const FLAGS = new Set(["continued", "aside", "no-run", "skip"]);

/** The ```ts blocks of one markdown file, in order. */
export function extractSnippets(file: string, text: string): Snippet[] {
  const lines = text.split("\n");
  const snippets: Snippet[] = [];
  let setup = "";
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (line.startsWith("<!-- ts-setup")) {
      const body: string[] = [];
      for (i++; i < lines.length && !(lines[i] ?? "").startsWith("-->"); i++)
        body.push(lines[i] ?? "");
      setup = body.join("\n");
      continue;
    }
    const fence = /^```(ts|typescript)(\s.*)?$/.exec(line);
    if (!fence) {
      if (line.trim() !== "") setup = "";
      continue;
    }
    const flags = new Set((fence[2] ?? "").trim().split(/\s+/).filter(Boolean));
    for (const flag of flags) {
      if (!FLAGS.has(flag)) throw new Error(`${file}:${i + 1}: unknown snippet flag "${flag}"`);
    }
    const start = i + 1;
    const body: string[] = [];
    for (i++; i < lines.length && !(lines[i] ?? "").startsWith("```"); i++)
      body.push(lines[i] ?? "");
    snippets.push({ file, line: start + 1, code: body.join("\n"), setup, flags });
    setup = "";
  }
  return snippets;
}

/** Groups a file's blocks into programs, following `continued` and `aside`. */
export function groupPrograms(snippets: readonly Snippet[]): SnippetProgram[] {
  const groups: Snippet[][] = [];
  let story: Snippet[] | undefined;
  for (const snippet of snippets) {
    if (snippet.flags.has("continued")) {
      if (!story)
        throw new Error(`${snippet.file}:${snippet.line}: "continued" with no block before it`);
      story.push(snippet);
      continue;
    }
    const group = [snippet];
    groups.push(group);
    if (!snippet.flags.has("aside")) story = group;
  }
  return groups.map((group) => {
    const first = group[0] as Snippet;
    return {
      name: `${first.file}:${first.line}`,
      snippets: group,
      run: !group.some((s) => s.flags.has("no-run") || s.flags.has("skip")),
      skip: group.some((s) => s.flags.has("skip")),
    };
  });
}

/** Source of a program plus, per generated line, the markdown location it came from. */
export function renderProgram(program: SnippetProgram): { source: string; origins: string[] } {
  const out: string[] = [];
  const origins: string[] = [];
  for (const snippet of program.snippets) {
    for (const line of snippet.setup === "" ? [] : snippet.setup.split("\n")) {
      out.push(line);
      origins.push(`${snippet.file}:${snippet.line - 1} (ts-setup)`);
    }
    snippet.code.split("\n").forEach((line, index) => {
      out.push(line);
      origins.push(`${snippet.file}:${snippet.line + index}`);
    });
  }
  // `export {}` makes every program a module, so top-level await is allowed
  // and programs do not share globals.
  out.push("export {};");
  origins.push(program.name);
  return { source: `${out.join("\n")}\n`, origins };
}

/** Every program of the given markdown files (paths relative to `root`). */
export function programsOf(root: string, files: readonly string[]): SnippetProgram[] {
  return files.flatMap((file) =>
    groupPrograms(extractSnippets(file, readFileSync(`${root}/${file}`, "utf8"))),
  );
}
