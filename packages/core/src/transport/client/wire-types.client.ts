/**
 * The wire shapes the client takes and returns, all inferred from core's schemas (input types:
 * what a caller may send, defaults optional). Never hand-duplicated.
 */
export type {
  CampaignTriggerSendRequestInput as CampaignTriggerSendRequest,
  CanvasTriggerSendRequestInput as CanvasTriggerSendRequest,
  CanvasRecipientInput,
  RecipientInput,
  UsersTrackRequestInput as UsersTrackRequest,
  SendsIdCreateRequestInput as SendsIdCreateRequest,
  TriggerSendResponse,
  UsersTrackResponse,
  SendsIdCreateResponse,
} from '../../schema';
