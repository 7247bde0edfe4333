/** What a format parser hands to the builder, before topic mapping and cleaning. */
export interface RawEntry {
  /** Topic id from the topic map, or null when the question is not mapped (build warning). */
  topic: string | null;
  question: string;
  /** Markdown (code fenced), not yet made card-safe. */
  answer: string;
}

export interface ParseOptions {
  /** Exact question line → topic id. */
  headings: Record<string, string>;
  /** DocFX anchor → topic id. */
  anchors: Record<string, string>;
  /** Lines that are section titles (rendered text). */
  sectionHeadings: string[];
  /** Paragraphs that start a heading-less entry. */
  splits: { startsWith: string; topic: string; question: string }[];
}
