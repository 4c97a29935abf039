/** DFO enumerations from docs/dfo-contract.md (d.6, d.7, e), all [OAS]. */

export const CASE_STATUSES = ['new', 'open', 'pending', 'escalated', 'resolved', 'closed', 'trashed'] as const;
/** The statuses `contact.status` may carry when a message is created (b.2). */
export const CREATE_CASE_STATUSES = ['escalated', 'pending', 'resolved'] as const;
export const DELIVERY_STATUSES = ['delivered', 'seen', 'failed'] as const;
export const SENDER_ACTIONS = ['isTypingOn', 'isTypingOff'] as const;
export const DIRECTIONS = ['inbound', 'outbound'] as const;
export const ONE_TIME_TOKEN_PURPOSES = ['login', 'channel-integration', 'custom-component-login'] as const;

/** Message content types a middleware may create (b.2). */
export const CREATABLE_CONTENT_TYPES = ['TEXT', 'PLUGIN', 'QUICK_REPLIES', 'LIST_PICKER', 'RICH_LINK', 'ADAPTIVE_CARD'] as const;
export const SUPPORTED_MESSAGE_TYPES = [
  'ADAPTIVE_CARD', 'DYNAMIC_CONTENT', 'FORM', 'LIST_PICKER', 'PLUGIN', 'POSTBACK', 'QUICK_REPLIES', 'RICH_LINK', 'TEXT',
  'TIME_PICKER', 'UNSUPPORTED',
] as const;

export const REAL_EXTERNAL_PLATFORM_IDS = [
  'apple-apps-reviews', 'apple-business-chat', 'bg', 'bw', 'chat', 'congstar-forum', 'custom', 'cypress', 'discussions',
  'email', 'facebook', 'fb', 'fm', 'forum', 'gcse', 'gl', 'google-business-messages', 'google-places', 'google-play',
  'google-rcs', 'gp', 'ig', 'in-contact-email', 'ind', 'instagram', 'kik', 'lc', 'li', 'line', 'mediatoolkit',
  'microsoft-teams', 'mock', 'monitora', 'news', 'nw', 'ok-ru', 'phpbb', 'rss', 'sandbox', 'sandbox-facebook',
  'sandbox-twitter', 'sendbird', 'slack', 'smooch-io-we-chat', 'sms', 'social-watch', 't-mobile-austria-forum',
  'talkdesk', 'telegram', 'tmobile-forum', 'tw', 'twitter', 'viber', 'vk', 'vo', 'voice', 'we-chat', 'whatsapp',
  'youscan', 'yt', 'zoom',
] as const;

export const EXTERNAL_PLATFORM_ICONS = [
  'amazon', 'apple', 'apple-apps', 'apple-imessage', 'co-browsing', 'contact-form', 'email', 'facebook', 'facebook-dm',
  'facebook-messenger', 'forum', 'google', 'google-dm', 'google-maps', 'google-play', 'google-search', 'instagram',
  'instagram-dm', 'kakao-talk', 'kik', 'line-message', 'linkedin', 'listening', 'livechat', 'livechat-contact-form',
  'ok-ru', 'pinterest', 'rcs', 'rss', 'slack', 'sms', 'snapchat', 'tango', 'telegram', 'tumblr', 'twitter',
  'twitter-dm', 'viber', 'vkontakte', 'vkontakte-dm', 'voice', 'wechat', 'whatsapp', 'youtube',
] as const;

/** The optional boolean flags of `NewChannel` (b.1). */
export const CHANNEL_BOOLEAN_FLAGS = [
  'hasReply', 'hasAbilityToSendFiles', 'hasOutboundFlow', 'hasAbilityToLike', 'hasAbilityToShare', 'hasAbilityToDelete',
  'hasAbilityToTag', 'hasAbilityToChangeFrom', 'hasAbilityToHide', 'wysiwygEnabled', 'isAutomaticSignatureAttached',
  'isCaseBasedStorage', 'hasOutboundTemplates', 'hasManualOutboundFlow', 'hasPublishing', 'hasMultipleRecipient',
  'hasCcAndBcc', 'hasVisibleTitle', 'hasEditableTitle', 'hasVisibleRecipients', 'hasAbilityToForwardMessage',
  'hasAbilityToChangeRecipient', 'hasMultipleThreadsPerEndUser', 'hasPostAsPlaceholder',
  'canAgentInviteCustomersToContact', 'canReplyToAnyMessage', 'isLiveChat',
] as const;
