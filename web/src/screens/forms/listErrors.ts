// The API names a problem with one item of a list by its index ("tags[2]",
// "fields[0].options[1]"); a list edited in one box shows them together, each with its item.
export function listError(errors: Record<string, string>, path: string, items: string[]): string | undefined {
  const itemErrors = items.flatMap((item, index) => {
    const message = errors[`${path}[${index}]`];
    return message ? [`“${item}”: ${message}`] : [];
  });
  const all = [errors[path], ...itemErrors].filter(Boolean);
  return all.length ? all.join(" ") : undefined;
}
