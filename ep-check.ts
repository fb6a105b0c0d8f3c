import { getEntityPage } from "/work/main/lib/entities/query";
import { closeDriver } from "/work/main/lib/neo4j/driver";
const id = process.argv[2] ?? "framework:a-mathematical-framework-for-transformer-circuits";
const t = performance.now();
const p = await getEntityPage(id);
console.log(((performance.now()-t)).toFixed(0), "ms");
if (!p) { console.log("null"); } else {
console.log(p.entity.name, p.entity.edges, p.sourcePaper);
for (const g of p.groups) console.log(`${g.plural} (${g.total})`, g.members.map(m => `${m.name} [${m.relations.map(r=>r.label).join(", ")}] links=${m.links} deg=${m.degree}`));
console.log("bridges", p.bridges.map(b => `${b.name} ${b.paths} via ${b.via.map(v=>v.name).join("/")}`));
console.log(`similar (${p.similar.total})`, p.similar.members.map(s => `${s.name} ${s.score}`));
console.log("restated", p.restatedBy.members.map(s => `${s.name} ${s.score}`));
console.log("paper", JSON.stringify(p.paper)?.slice(0, 600)); console.log("thinker", JSON.stringify(p.thinker)?.slice(0, 300));
}
await closeDriver();
