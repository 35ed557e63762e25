// Pieces of the dashboard's tables: header row, order cell, and "Show more" for paged lists.
import { Link } from "wouter";

/** A table cell with the order's number, linking to its page. */
export function OrderCell({ id }: { id: number }) {
  return (
    <td>
      <Link href={`/orders/${id}`} className="row-link">
        #{id}
      </Link>
    </td>
  );
}

/**
 * A table's header row: each column's title and class (`num` aligns right, `col-optional` hides on
 * narrow screens).
 */
export function TableHead({ columns }: { columns: readonly (readonly [title: string, className?: string])[] }) {
  return (
    <thead>
      <tr>
        {columns.map(([title, className]) => (
          <th key={title} scope="col" className={className}>
            {title}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** "Show more" under a list read page by page (an infinite query); nothing once the last page is in. */
export function ShowMore({
  pages,
}: {
  pages: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => Promise<unknown> };
}) {
  if (!pages.hasNextPage) return null;
  return (
    <div className="center">
      <button
        type="button"
        className="btn"
        onClick={() => void pages.fetchNextPage()}
        disabled={pages.isFetchingNextPage}
      >
        {pages.isFetchingNextPage ? "Loading…" : "Show more"}
      </button>
    </div>
  );
}
