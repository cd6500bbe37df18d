import express from 'express';
import { brazeErrorHandler, triggerKit, type TriggerKitRequest } from '@triggerkit/express';

interface OrderBody {
  userId: string;
  email: string;
}

const app = express();
app.use(express.json());
app.use(triggerKit({ apiKey: process.env.BRAZE_API_KEY!, instance: 'US-03' })); // one client for the app

app.post('/orders', async (req, res, next) => {
  try {
    const { triggerKit } = req as TriggerKitRequest;
    const { userId, email } = req.body as OrderBody;
    const { dispatch_id } = await triggerKit.campaigns.triggerSend({
      campaign_id: 'order-confirmation',
      recipients: [{ external_user_id: userId, send_to_existing_only: false, attributes: { email } }],
    });
    res.status(201).json({ dispatch_id });
  } catch (error) {
    next(error); // typed errors: ValidationError, RateLimitedError, AuthError, ...
  }
});
app.use(brazeErrorHandler()); // Braze failures → 502 (503 + Retry-After when rate-limited)
app.listen(3000);
