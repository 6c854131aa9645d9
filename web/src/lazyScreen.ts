// Code splitting: each screen area is its own file, fetched the first time one of its screens
// opens, so signing in does not wait for the charts, the calendar or the form builder.
import { lazy, type ComponentType } from "react";

export function lazyScreen<Module, Name extends keyof Module>(load: () => Promise<Module>, name: Name): ComponentType {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}
