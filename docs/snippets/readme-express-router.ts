import express, { type ErrorRequestHandler } from 'express';
import { triggerKitRouter } from '@triggerkit/express';

const app = express();
const braze = triggerKitRouter({
  config: { workspaces: [{ name: 'dev', api_keys: [{ key: 'dev-key', permissions: ['campaigns.trigger.send', 'mock.inspect'] }] }] },
});
app.use('/braze', braze); // mount before any JSON body parser: it reads bodies itself (4 MB → 413)
app.use(express.json()); // the rest of your app
const lastResort: ErrorRequestHandler = (error, _req, res, _next) => {
  console.error(error); // unexpected errors arrive here via next(err)
  res.status(500).json({ message: 'Internal Server Error' });
};
app.use(lastResort);
const server = app.listen(4010);
process.once('SIGTERM', () => server.close(() => void braze.close()));
