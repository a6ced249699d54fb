// Ready-made role descriptors for the programs that ship data (Elastic's documented privileges).
// One definition, shared with the `keygate apikey create --template` command: ../key-templates.json.
export const TEMPLATES = await fetch(new URL('../key-templates.json', import.meta.url))
  .then(r => (r.ok ? r.json() : []))
  .catch(() => []);

export function templateById(id) {
  return TEMPLATES.find(t => t.id === id);
}
