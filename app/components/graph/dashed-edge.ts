// A dashed, curved sigma edge program for similarity edges: @sigma/edge-curve's
// geometry (a quadratic Bézier drawn in a bounding quad) with our own fragment
// shader, which also finds where along the curve a pixel lies and leaves the
// gaps between dashes empty. Client-only (WebGL).
import { createEdgeCurveProgram } from "@sigma/edge-curve";
import type { EdgeProgram, EdgeProgramType } from "sigma/rendering";
import type { EdgeAttributes, NodeAttributes } from "@/lib/graph/neighbourhood";

/** Dash and gap lengths in device pixels. */
const DASH = 7.0;
const GAP = 5.0;

// The vertex shader hands us the three control points in viewport pixels.
const FRAGMENT_SHADER = /* glsl */ `
precision highp float;

varying vec4 v_color;
varying float v_thickness;
varying float v_feather;
varying vec2 v_cpA;
varying vec2 v_cpB;
varying vec2 v_cpC;

const vec4 transparent = vec4(0.0, 0.0, 0.0, 0.0);

float cross2(vec2 a, vec2 b) {
  return a.x * b.y - b.x * a.y;
}

// Parameter of the point of the curve b0-b1-b2 nearest to the origin (the pixel),
// by the usual closed-form approximation for quadratic Béziers.
float nearestT(vec2 b0, vec2 b1, vec2 b2) {
  float a = cross2(b0, b2);
  float b = 2.0 * cross2(b1, b0);
  float d = 2.0 * cross2(b2, b1);
  float f = b * d - a * a;
  vec2 d21 = b2 - b1;
  vec2 d10 = b1 - b0;
  vec2 d20 = b2 - b0;
  vec2 gf = 2.0 * (b * d21 + d * d10 + a * d20);
  gf = vec2(gf.y, -gf.x);
  vec2 pp = -f * gf / dot(gf, gf);
  vec2 d0p = b0 - pp;
  float ap = cross2(d0p, d20);
  float bp = 2.0 * cross2(d10, d0p);
  return clamp((ap + bp) / (2.0 * a + b + d), 0.0, 1.0);
}

void main(void) {
  vec2 b0 = v_cpA - gl_FragCoord.xy;
  vec2 b1 = v_cpB - gl_FragCoord.xy;
  vec2 b2 = v_cpC - gl_FragCoord.xy;
  float t = nearestT(b0, b1, b2);
  float dist = length(mix(mix(b0, b1, t), mix(b1, b2, t), t));
  float halfThickness = v_thickness / 2.0;

  // Distance along the curve, approximated by the control polygon's length: dashes
  // stretch a little on strongly bent edges, which the eye does not notice.
  float along = t * (length(v_cpB - v_cpA) + length(v_cpC - v_cpB));
  #ifdef PICKING_MODE
  bool gap = false;
  #else
  bool gap = mod(along, ${(DASH + GAP).toFixed(1)}) > ${DASH.toFixed(1)};
  #endif

  if (dist < halfThickness && !gap) {
    #ifdef PICKING_MODE
    gl_FragColor = v_color;
    #else
    float edge = smoothstep(halfThickness - v_feather, halfThickness, dist);
    gl_FragColor = mix(v_color, transparent, edge);
    #endif
  } else {
    gl_FragColor = transparent;
  }
}
`;

// The factory's declared type hides that its class is an EdgeProgram (whose
// constructor reads getDefinition()); say so to extend it.
type CurveProgram = EdgeProgramType<NodeAttributes, EdgeAttributes>;
type EdgeProgramClass = new (...args: ConstructorParameters<CurveProgram>) => InstanceType<CurveProgram> & {
  getDefinition(): ReturnType<EdgeProgram["getDefinition"]>;
};
const CurvedEdge = createEdgeCurveProgram<NodeAttributes, EdgeAttributes>() as unknown as EdgeProgramClass;

export class DashedCurvedEdge extends CurvedEdge {
  override getDefinition() {
    return { ...super.getDefinition(), FRAGMENT_SHADER_SOURCE: FRAGMENT_SHADER };
  }
}
