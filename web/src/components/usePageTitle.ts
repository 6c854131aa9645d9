import { useEffect } from "react";

// Screen readers announce the document title on navigation: name each screen.
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Trellis` : "Trellis";
  }, [title]);
}
