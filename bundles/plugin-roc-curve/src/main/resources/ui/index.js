// ROC curve dashboard: true over false positive rate, a chart per tag with every selected run's
// curve, its area under the curve in the legend and the chance line on the diagonal.
// The dashboard itself is bundles/plugin-curves-common/src/main/ui/curve-view.js, copied next to
// this file at build time (see pom.xml); this module only says which curve it draws.
// Contract: export render(element, context) and dispose(); see bundles/api/README.md.
import { curveDashboard } from './curve-view.js';

export const { render, dispose } = curveDashboard({ kind: 'roc-curve', x: 'fpr', y: 'tpr', showAuc: true, diagonal: true });
