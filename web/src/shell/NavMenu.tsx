// A disclosure menu of links (the WAI-ARIA pattern for site navigation): the button opens it,
// arrow keys, Home and End move between its links, Escape and leaving it close it.
import { useEffect, useId, useRef, useState } from "react";
import type { KeyboardEvent, ReactNode } from "react";
import { NavLink, useLocation } from "react-router-dom";

export interface MenuItem {
  to: string;
  label: string;
}

interface NavMenuProps {
  label: ReactNode;
  accessibleName: string;
  items: MenuItem[];
  className?: string;
}

export function NavMenu({ label, accessibleName, items, className }: NavMenuProps) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const location = useLocation();

  useEffect(() => setOpen(false), [location]);

  const links = () => Array.from(list.current?.querySelectorAll<HTMLAnchorElement>("a") ?? []);
  const focusLink = (index: number) => {
    const all = links();
    all[(index + all.length) % all.length]?.focus();
  };

  const onButtonKey = (event: KeyboardEvent) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      setOpen(true);
      const first = event.key === "ArrowDown";
      requestAnimationFrame(() => focusLink(first ? 0 : -1));
    }
  };

  const onListKey = (event: KeyboardEvent) => {
    const all = links();
    const at = all.indexOf(document.activeElement as HTMLAnchorElement);
    const moves: Record<string, number> = {
      ArrowDown: at + 1,
      ArrowUp: at - 1,
      Home: 0,
      End: all.length - 1,
    };
    const target = moves[event.key];
    if (target !== undefined) {
      event.preventDefault();
      focusLink(target);
    } else if (event.key === "Escape") {
      setOpen(false);
      button.current?.focus();
    }
  };

  const onBlur = (event: React.FocusEvent) => {
    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOpen(false);
  };

  return (
    <div className={"nav-menu " + (className ?? "")} onBlur={onBlur}>
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={id}
        aria-label={accessibleName}
        onClick={() => setOpen(!open)}
        onKeyDown={onButtonKey}
      >
        {label}
        <span aria-hidden="true" className="caret">
          ▾
        </span>
      </button>
      <ul id={id} ref={list} hidden={!open} onKeyDown={onListKey}>
        {items.map((item) => (
          <li key={item.to}>
            <NavLink to={item.to}>{item.label}</NavLink>
          </li>
        ))}
      </ul>
    </div>
  );
}
