// PR curve dashboard: precision over recall, a chart per tag with every selected run's curve.
// The dashboard itself is bundles/plugin-curves-common/src/main/ui/curve-view.js, copied next to
// this file at build time (see pom.xml); this module only says which curve it draws.
// Contract: export render(element, context) and dispose(); see bundles/api/README.md.
import { curveDashboard } from './curve-view.js';

export const { render, dispose } = curveDashboard({ kind: 'pr-curve', x: 'recall', y: 'precision' });
