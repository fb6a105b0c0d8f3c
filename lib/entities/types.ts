// Plain data shapes of the entity page, shared by the page, the JSON API and tests.

export interface EntityRef {
  id: string;
  kind: string;
  name: string;
}

export interface EntityHeader extends EntityRef {
  kindLabel: string;
  status: string;
  description: string | null;
  aliases: string[];
  year: number | null;
  url: string | null;
  mergedInto: string | null;
  /** The entity's own typed edge count. */
  edges: number;
  // Papers
  authors: string[];
  venue: string | null;
  doi: string | null;
  arxiv: string | null;
  tldr: string | null;
  takeaways: string[];
}

export interface MemberRelation {
  relation: string;
  outgoing: boolean;
  /** e.g. "extends → this", "this implements →". */
  label: string;
}

export interface GroupMember extends EntityRef {
  description: string | null;
  status: string;
  /** Typed edges joining it to the page's entity. */
  links: number;
  /** Its own typed edge count. */
  degree: number;
  relations: MemberRelation[];
}

export interface NeighbourGroup {
  kind: string;
  label: string;
  plural: string;
  total: number;
  page: number;
  pageSize: number;
  pages: number;
  members: GroupMember[];
}

export interface Bridge extends EntityRef {
  description: string | null;
  paths: number;
  via: EntityRef[];
}

export interface SimilarEntity extends EntityRef {
  description: string | null;
  score: number;
  /** A curator marked the pair a suspected duplicate (handed to duplicate curation). */
  duplicateSuspected: boolean;
}

/** One entry of the entity's ranked candidate list (lib/candidates), with the line that says why. */
export interface SuggestedEntity extends EntityRef {
  description: string | null;
  score: number;
  rank: number;
  why: string;
}

export interface SourcePaper extends EntityRef {
  year: number | null;
  authors: string[];
}

export interface PaperDetails {
  authors: { name: string; id: string | null }[];
  extracted: { kind: string; plural: string; members: EntityRef[] }[];
  citedBy: { total: number; members: EntityRef[] };
}

export interface ThinkerDetails {
  authored: { total: number; members: (EntityRef & { year: number | null })[] };
  introduced: { kind: string; plural: string; members: EntityRef[] }[];
}

export interface EntityPage {
  entity: EntityHeader;
  sourcePaper: SourcePaper | null;
  /** The community the entity belongs to (null before communities are computed). */
  community: { id: number; label: string; size: number } | null;
  groups: NeighbourGroup[];
  bridges: Bridge[];
  similar: { threshold: number; total: number; members: SimilarEntity[] };
  restatedBy: { threshold: number; members: SimilarEntity[] };
  /** The entity's ranked candidates not already listed under "Related by similarity". */
  suggested: SuggestedEntity[];
  paper: PaperDetails | null;
  thinker: ThinkerDetails | null;
}
