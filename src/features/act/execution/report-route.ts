/**
 * GET /api/reports/:requestId?token=… — the JSON report of an executed request. The token (256 random
 * bits) is only on the report card, so a link works for whoever sees the card and for nobody else; a
 * wrong token and an unknown id both answer 404, so ids cannot be probed.
 */
import { Router } from 'express';
import type { ReportStore } from './report-store.js';

/** Mounted at /api/reports. */
export function reportRouter(reports: ReportStore): Router {
  const router = Router();
  router.get('/:requestId', async (req, res) => {
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    const report =
      token && req.params.requestId.length <= 200 ? await reports.download(req.params.requestId, token) : null;
    if (!report) {
      res.status(404).json({ error: 'not found' });
      return;
    }
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="acr-chatops-report-${req.params.requestId.replace(/[^A-Za-z0-9-]/g, '')}.json"`,
    );
    res.type('application/json').send(JSON.stringify(report, null, 2));
  });
  return router;
}
