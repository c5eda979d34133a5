import { useT } from '../i18n/useT';
import { useAppStore } from '../store/appStore';
import { MicLevel } from './MicLevel';
import type { AudioDevice } from './softphoneState';

const DEFAULT = '';

/** Microphone and speaker choice, with a test that shows the microphone level between calls. */
export function DeviceSettings(props: { inCall: boolean }): React.JSX.Element {
  const t = useT();
  const devices = useAppStore((state) => state.softphone.devices);
  const testing = useAppStore((state) => state.softphone.micTest);
  const selectMicrophone = useAppStore((state) => state.selectMicrophone);
  const selectSpeaker = useAppStore((state) => state.selectSpeaker);
  const setMicTest = useAppStore((state) => state.setMicTest);
  const options = (list: AudioDevice[], unnamed: 'softphone.devices.unnamedInput' | 'softphone.devices.unnamedOutput') => [
    <option key={DEFAULT} value={DEFAULT}>
      {t('softphone.devices.default')}
    </option>,
    ...list.map((device, index) => (
      <option key={device.id} value={device.id}>
        {device.label || t(unnamed, { number: String(index + 1) })}
      </option>
    )),
  ];
  return (
    <details
      className="device-settings"
      data-testid="device-settings"
      onToggle={(event) => {
        if (!event.currentTarget.open && testing) void setMicTest(false);
      }}
    >
      <summary>{t('softphone.devices')}</summary>
      <label>
        {t('softphone.devices.input')}
        <select
          value={devices.inputId ?? DEFAULT}
          onChange={(event) => void selectMicrophone(event.target.value || null)}
          data-testid="input-device"
        >
          {options(devices.inputs, 'softphone.devices.unnamedInput')}
        </select>
      </label>
      {devices.canChooseOutput ? (
        <label>
          {t('softphone.devices.output')}
          <select
            value={devices.outputId ?? DEFAULT}
            onChange={(event) => void selectSpeaker(event.target.value || null)}
            data-testid="output-device"
          >
            {options(devices.outputs, 'softphone.devices.unnamedOutput')}
          </select>
        </label>
      ) : (
        <p>{t('softphone.devices.outputFixed')}</p>
      )}
      {!props.inCall && (
        <>
          <button type="button" className="secondary" aria-pressed={testing} onClick={() => void setMicTest(!testing)} data-testid="mic-test">
            {t(testing ? 'softphone.devices.testStop' : 'softphone.devices.test')}
          </button>
          {testing && <MicLevel />}
        </>
      )}
    </details>
  );
}
