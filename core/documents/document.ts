// A document as a list of blocks, rendered to text, HTML (core) and PDF (lambdas/documents): appeal
// letters, hand-over packets. Core builds the blocks; renderers never add wording of their own.

export interface TableColumn {
  header: string;
  align?: 'left' | 'right';
}

export type Block =
  | { kind: 'heading'; text: string; level: 1 | 2 | 3 }
  | { kind: 'paragraph'; text: string }
  /** Lines kept together without spacing, e.g. an address block or a signature. */
  | { kind: 'lines'; lines: string[] }
  /** Label and value pairs, e.g. claim number, member id. */
  | { kind: 'fields'; rows: [label: string, value: string][] }
  | { kind: 'table'; columns: TableColumn[]; rows: string[][] }
  | { kind: 'checklist'; items: { text: string; checked?: boolean }[] }
  | { kind: 'pageBreak' }
  /**
   * The head of a letter (a statement or reminder to mail): it starts a new page, numbered from 1,
   * with the office's letterhead (logo, name, address and contact lines), the recipient's name and
   * address where a window envelope shows them, then the date and references on the right.
   */
  | {
      kind: 'letterhead';
      office: { name: string; lines: string[]; logo?: DocumentImage };
      recipient: string[];
      fields: [label: string, value: string][];
    };

/** A small image (a logo), as bytes in base64. */
export interface DocumentImage {
  contentType: 'image/png' | 'image/jpeg';
  dataBase64: string;
}

export interface DocumentModel {
  title: string;
  blocks: Block[];
  /** Printed at the foot of every PDF page and at the end of text/HTML. */
  footer?: string;
}
