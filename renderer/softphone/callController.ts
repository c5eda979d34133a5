import { SessionState, Web, type Invitation } from 'sip.js';
import { audioFlowOf } from './audioStats';
import { microphoneProblemOf } from './microphoneErrors';
import { applySink } from './ringTone';
import { isDtmfTone, type CallEndedBy, type DtmfTone, type SoftphoneEvent } from './softphoneState';

/** What a call needs from the engine around it. */
export interface CallEnvironment {
  emit(event: SoftphoneEvent): void;
  now(): number;
  /** The microphone constraint for getUserMedia (the chosen device, or the default). */
  microphone(): MediaTrackConstraints | boolean;
  speaker(): string | null;
  /** The call's local audio, for the level meter; null when the call has no media (any more). */
  callAudio(stream: MediaStream | null): void;
  stopRinging(): void;
  /** The call is over (Terminated); the engine forgets it. */
  ended(): void;
}

const STATS_INTERVAL_MS = 1_000;
/** RFC 4733 tone length and gap, as a desk phone sends them. */
const DTMF_DURATION_MS = 100;
const DTMF_GAP_MS = 70;

/**
 * One incoming call, from ringing to terminated: owns the sip.js Invitation and its media.
 * Reports through `emit` only what the UI may know (phases, counts), never SIP content.
 */
export class CallController {
  private endedBy: CallEndedBy | null = null;
  private answering = false;
  private everEstablished = false;
  private hangUpOnceEstablished = false;
  private held = false;
  private holdPending = false;
  private muted = false;
  private statsTimer: ReturnType<typeof setInterval> | undefined;
  private readonly remoteAudio = new Audio();
  private media: Web.SessionDescriptionHandlerOptions = {};

  constructor(
    private readonly invitation: Invitation,
    private readonly env: CallEnvironment,
  ) {
    this.remoteAudio.autoplay = true;
    invitation.stateChange.addListener((state) => this.onState(state));
    invitation.delegate = {
      onCancel: () => this.markEndedBy('caller'),
      onBye: (bye) => {
        this.markEndedBy('caller');
        void bye.accept().catch(() => undefined);
      },
      // DTMF a caller sends as SIP INFO is acknowledged; the counsellor has no use for the digits.
      onInfo: (info) => void info.accept().catch(() => undefined),
    };
  }

  async answer(): Promise<void> {
    if (this.invitation.state !== SessionState.Initial) return;
    this.env.stopRinging();
    this.answering = true;
    this.env.emit({ type: 'answering' });
    let failure: { error: unknown } | null = null;
    this.media = { constraints: { audio: this.env.microphone(), video: false }, hold: false };
    try {
      await this.invitation.accept({ sessionDescriptionHandlerOptions: this.media });
    } catch (error) {
      failure = { error };
    }
    this.answering = false;
    if (failure) {
      // sip.js has already turned the INVITE down (480) where it still could.
      this.env.emit({ type: 'answer-failed', microphone: microphoneProblemOf(failure.error) });
    } else if (this.state() === SessionState.Terminated && !this.everEstablished) {
      // The caller gave up (CANCEL) while the answer was being prepared; sip.js swallows that.
      this.env.emit({ type: 'ended', at: this.env.now(), by: this.endedBy ?? 'caller' });
    }
  }

  async reject(): Promise<void> {
    if (this.invitation.state !== SessionState.Initial) return;
    this.markEndedBy('counsellor');
    this.env.stopRinging();
    // 486, not 603: with parallel ringing, a 6xx would stop the call ringing at colleagues too.
    await this.invitation.reject({ statusCode: 486 }).catch(() => undefined);
  }

  async hangUp(): Promise<void> {
    switch (this.invitation.state) {
      case SessionState.Initial:
        return this.reject();
      case SessionState.Establishing:
        // sip.js cannot send BYE before the 200 OK is out; do it as soon as it is.
        this.markEndedBy('counsellor');
        this.hangUpOnceEstablished = true;
        return;
      case SessionState.Established:
        this.markEndedBy('counsellor');
        await this.invitation.bye().catch(() => undefined);
        return;
      case SessionState.Terminating:
      case SessionState.Terminated:
        return;
    }
  }

  /**
   * Hold and resume by re-INVITE: sip.js offers "sendonly" for hold, so the caller stops
   * sending. Our own microphone goes silent the moment hold is pressed, before the answer
   * comes back: a counsellor who holds to speak to a colleague must not be overheard.
   */
  async setHold(hold: boolean): Promise<void> {
    if (this.invitation.state !== SessionState.Established || this.holdPending || this.held === hold) return;
    this.holdPending = true;
    this.env.emit({ type: 'hold-requested' });
    if (hold) this.applyTracks(true);
    const settle = (accepted: boolean): void => {
      if (!this.holdPending) return;
      this.holdPending = false;
      if (accepted) this.held = hold;
      else this.setReInviteHold(this.held);
      this.applyTracks();
      this.env.emit(accepted ? { type: 'hold-changed', held: hold } : { type: 'hold-failed' });
    };
    this.setReInviteHold(hold);
    try {
      await this.invitation.invite({
        requestDelegate: { onAccept: () => settle(true), onReject: () => settle(false) },
      });
    } catch {
      settle(false);
    }
  }

  setMuted(muted: boolean): void {
    const state = this.invitation.state;
    if (state !== SessionState.Established && state !== SessionState.Establishing) return;
    this.muted = muted;
    this.applyTracks();
    this.env.emit({ type: 'muted', muted });
  }

  /**
   * RFC 4733 through the media path when the peer connection negotiated telephone-event,
   * otherwise SIP INFO. A tone is reported as sent when it actually went out, not when pressed.
   */
  sendDtmf(tone: DtmfTone): void {
    if (this.invitation.state !== SessionState.Established) return;
    const sender = this.peerConnection()?.getSenders().find((candidate) => candidate.dtmf);
    const dtmf = sender?.dtmf;
    if (dtmf?.canInsertDTMF) {
      dtmf.ontonechange = (event) => {
        if (isDtmfTone(event.tone)) this.env.emit({ type: 'dtmf-sent', tone: event.tone });
      };
      try {
        // insertDTMF replaces the queue: append, so quick presses are all sent.
        dtmf.insertDTMF(dtmf.toneBuffer + tone, DTMF_DURATION_MS, DTMF_GAP_MS);
        return;
      } catch {
        // Fall through to SIP INFO.
      }
    }
    this.invitation
      .info({
        requestOptions: {
          body: { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: `Signal=${tone}\r\nDuration=${DTMF_DURATION_MS}` },
        },
      })
      .then(
        () => this.env.emit({ type: 'dtmf-sent', tone }),
        () => this.env.emit({ type: 'dtmf-failed' }),
      );
  }

  setSpeaker(sinkId: string | null): Promise<boolean> {
    return applySink(this.remoteAudio, sinkId);
  }

  /** Swaps the microphone mid-call without renegotiating: same codec, new track. */
  async setMicrophone(): Promise<boolean> {
    const pc = this.peerConnection();
    const sender = pc?.getSenders().find((candidate) => candidate.track?.kind === 'audio');
    if (!sender) return true;
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: this.env.microphone(), video: false });
    } catch {
      return false;
    }
    const [track] = stream.getAudioTracks();
    if (!track) return false;
    const previous = sender.track;
    track.enabled = !this.muted && !this.held && !this.holdPending;
    await sender.replaceTrack(track);
    previous?.stop();
    this.env.callAudio(new MediaStream([track]));
    return true;
  }

  private onState(state: SessionState): void {
    switch (state) {
      case SessionState.Initial:
      case SessionState.Establishing:
      case SessionState.Terminating:
        return;
      case SessionState.Established:
        this.established();
        return;
      case SessionState.Terminated:
        this.terminated();
        return;
    }
  }

  private established(): void {
    this.everEstablished = true;
    this.env.emit({ type: 'answered', at: this.env.now() });
    const sdh = this.invitation.sessionDescriptionHandler;
    if (sdh instanceof Web.SessionDescriptionHandler) {
      this.remoteAudio.srcObject = sdh.remoteMediaStream;
      void applySink(this.remoteAudio, this.env.speaker());
      this.remoteAudio.play().catch(() => undefined);
      const track = sdh.peerConnection?.getSenders().find((sender) => sender.track?.kind === 'audio')?.track;
      this.env.callAudio(track ? new MediaStream([track]) : null);
    }
    // A mute pressed while the call was still connecting applies now that there are tracks.
    this.applyTracks();
    this.statsTimer = setInterval(() => void this.pollStats(), STATS_INTERVAL_MS);
    if (this.hangUpOnceEstablished) void this.invitation.bye().catch(() => undefined);
  }

  private terminated(): void {
    this.env.stopRinging();
    clearInterval(this.statsTimer);
    this.remoteAudio.pause();
    this.remoteAudio.srcObject = null;
    this.env.callAudio(null);
    // An answer in progress reports its own outcome (with the microphone problem, if any).
    if (!this.answering || this.everEstablished) {
      const timedOut = this.endedBy === null && !this.everEstablished;
      this.env.emit({ type: 'ended', at: this.env.now(), by: this.endedBy ?? (timedOut ? 'counsellor' : 'network') });
      // Ringing that stopped with no CANCEL and no decision of ours: sip.js gave up waiting.
      if (timedOut) this.env.emit({ type: 'notice', notice: 'unanswered' });
    }
    this.env.ended();
  }

  private async pollStats(): Promise<void> {
    const pc = this.peerConnection();
    if (!pc || this.invitation.state !== SessionState.Established) return;
    try {
      this.env.emit({ type: 'audio-stats', flow: await audioFlowOf(pc) });
    } catch {
      // A closing peer connection has no stats; the call is ending anyway.
    }
  }

  private peerConnection(): RTCPeerConnection | undefined {
    const sdh = this.invitation.sessionDescriptionHandler;
    return sdh instanceof Web.SessionDescriptionHandler ? sdh.peerConnection : undefined;
  }

  /** Widened again after an await: the compiler would keep the narrowing from before it. */
  private state(): SessionState {
    return this.invitation.state;
  }

  /** Re-INVITEs in both directions (ours, and the caller's) must keep our hold state. */
  private setReInviteHold(hold: boolean): void {
    const options: Web.SessionDescriptionHandlerOptions = {
      ...this.invitation.sessionDescriptionHandlerOptionsReInvite,
      // The constraints the call was answered with, even after a microphone switch (which
      // replaced the track directly): different ones would make sip.js open the microphone again.
      ...this.media,
      hold,
    };
    this.invitation.sessionDescriptionHandlerOptionsReInvite = options;
  }

  private applyTracks(forceSilent = false): void {
    const sdh = this.invitation.sessionDescriptionHandler;
    if (!(sdh instanceof Web.SessionDescriptionHandler) || !sdh.peerConnection) return;
    sdh.enableSenderTracks(!forceSilent && !this.muted && !this.held);
    sdh.enableReceiverTracks(!this.held);
  }

  private markEndedBy(by: CallEndedBy): void {
    this.endedBy ??= by;
  }
}
