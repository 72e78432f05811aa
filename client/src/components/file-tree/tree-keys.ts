// The WAI-ARIA tree's keys over the items on screen (pure).

export interface TreeRow {
  path: string;
  folder: boolean;
  /** 1 for the root. */
  level: number;
}

/** Where a key moves the focus (`to`) and whether it opens or closes the focused folder (`toggle`). */
export function moveInTree(
  key: string,
  rows: TreeRow[],
  row: TreeRow,
  open: boolean,
): { to?: string; toggle?: boolean } | undefined {
  const i = rows.indexOf(row);
  switch (key) {
    case 'ArrowDown':
      return { to: rows[Math.min(i + 1, rows.length - 1)]?.path };
    case 'ArrowUp':
      return { to: rows[Math.max(i - 1, 0)]?.path };
    case 'Home':
      return { to: rows[0]?.path };
    case 'End':
      return { to: rows[rows.length - 1]?.path };
    case 'ArrowRight':
      if (!row.folder) return {};
      return open
        ? { to: rows[i + 1]?.level === row.level + 1 ? rows[i + 1]?.path : undefined }
        : { toggle: true };
    case 'ArrowLeft': {
      if (row.folder && open) return { toggle: true };
      const parent = rows
        .slice(0, i)
        .reverse()
        .find((r) => r.level === row.level - 1);
      return { to: parent?.path };
    }
    default:
      return undefined;
  }
}
